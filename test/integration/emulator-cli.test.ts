import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { createInterface } from "node:readline";

const CLI = resolve(__dirname, "../../src/emulator/cli.js");

/** Start the CLI and resolve with its process and the one ready line. */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, "line")) as [string];
  return { child, line, lines };
}

describe("beyondcorp-emulator CLI", () => {
  it("prints exactly one ready line, serves, and exits 0 on SIGTERM", async () => {
    const { child, line, lines } = await startCli(["--port", "0"]);
    const extra: string[] = [];
    lines.on("line", (l) => extra.push(l));
    assert.match(line, /^BEYONDCORP_EMULATOR=http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice("BEYONDCORP_EMULATOR=".length);
    const seeded = await fetch(`${url}/emulator/operations`, {
      method: "POST",
      body: JSON.stringify({ name: "projects/my-proj/locations/l/operations/x" }),
    });
    assert.equal(seeded.status, 201);
    const got = await fetch(`${url}/v1/projects/my-proj/locations/l/operations/x`);
    assert.equal(got.status, 200);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0);
    assert.deepEqual(extra, []);
  });

  it("--auth and --latency-ms take effect; SIGINT exits 0", async () => {
    const { child, line } = await startCli(["--auth", "--latency-ms=5", "--host", "localhost"]);
    const url = line.slice("BEYONDCORP_EMULATOR=".length);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/v1/projects/my-proj/locations/l/operations`);
    assert.equal(res.status, 401);
    const cfg = (await (await fetch(`${url}/emulator/config`)).json()) as { latencyMs: number };
    assert.equal(cfg.latencyMs, 5);
    child.kill("SIGINT");
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0);
  });

  it("--help prints usage; bad flags and non-loopback hosts exit 2", () => {
    const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: beyondcorp-emulator/);
    for (const args of [["--host", "0.0.0.0"], ["--port", "x"], ["--bogus"], ["--port", "70000"]]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
      assert.equal(r.status, 2, args.join(" "));
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /beyondcorp-emulator: /);
    }
  });
});
