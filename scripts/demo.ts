/**
 * `npm run demo`: start the emulator, seed in-flight operations with mixed behaviours, run real
 * `pulumi up` then `pulumi destroy` on a local file backend, show the cancellations live, and end
 * with a summary table of outcomes. The program (examples/teardown-demo) runs as a user's project with
 * the package installed from its packed tarball (scripts/installed-package.ts): what a user gets.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator } from "../src/emulator";
import { demoProject, packTarball } from "./installed-package";
const P = "projects/demo-project/locations/global";
const GW = `${P}/securityGateways/demo-gw`;

const SEEDS = [
  { id: "create-application", spec: { cancelDelayMs: 1500, verb: "create" } },
  { id: "update-app", spec: { onCancel: "complete" as const, cancelDelayMs: 800, verb: "update" } },
  { id: "delete-app", spec: { onCancel: "fail" as const, failCode: 9, cancelDelayMs: 500, verb: "delete" } },
  { id: "legacy-op", spec: { onCancel: "unimplemented" as const, doneAfterMs: 12_000 } },
  { id: "finished-op", spec: { doneAfterMs: 0 } },
  { id: "expiring-op", spec: { onCancel: "ignore" as const, goneAfterMs: 9_000 } },
];

async function main(): Promise<void> {
  const tarball = packTarball();
  console.log(`Installing ${path.basename(tarball)} (npm pack of this checkout) into a new project`);
  const project = demoProject("demo");
  const emu = await startEmulator();
  const work = mkdtempSync(path.join(tmpdir(), "beyondcorp-demo-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  mkdirSync(path.join(work, "state"));
  const cfg = ["--stack", "demo", "--config-file", path.join(work, "Pulumi.demo.yaml")];
  const must = (args: string[]) => {
    const r = spawnSync("pulumi", args, { cwd: project, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")}: ${r.stderr}`);
  };
  let transcript = "";
  const live = (title: string, args: string[]) =>
    new Promise<number>((resolve) => {
      console.log(`\n=== ${title}: pulumi ${args.join(" ")}\n`);
      const child = spawn("pulumi", [...args, ...cfg, "--yes", "--non-interactive", "--skip-preview"], {
        cwd: project,
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      child.stdout.on("data", (b: Buffer) => {
        transcript += b.toString();
        process.stdout.write(b);
      });
      child.on("close", (code) => resolve(code ?? 1));
    });
  try {
    console.log(`BeyondCorp emulator at ${emu.url}`);
    const start = Date.now();
    for (const s of SEEDS)
      // Security gateways' applications: where live operations come from now that Google has
      // stopped new App Connectors.
      emu.seed({ name: `${P}/operations/${s.id}`, target: `${GW}/applications/${s.id}`, ...s.spec });
    must(["stack", "init", "demo", "--non-interactive"]);
    const set = (k: string, v: string, secret = false) =>
      must(["config", "set", ...(secret ? ["--secret"] : []), "--path", k, v, ...cfg]);
    set("endpoint", emu.url);
    set("accessToken", emu.issueToken(), true);
    set("gateway", GW);
    SEEDS.forEach((s, i) => set(`operations[${i}]`, `${P}/operations/${s.id}`));
    if ((await live("create the guard (nothing is cancelled)", ["up"])) !== 0)
      throw new Error("pulumi up failed");
    // Work that starts on the gateway after `up`: the guard's watch finds it at destroy time.
    emu.seed({ name: `${P}/operations/gateway-rollout`, target: GW, verb: "update", cancelDelayMs: 1200 });
    const code = await live("tear down: cancel and wait", ["destroy"]);
    console.log(`\n=== Summary (from the emulator, ${((Date.now() - start) / 1000).toFixed(1)}s)\n`);
    const rows = emu.operations().map((o) => {
      const op = o.operation as { done?: boolean; error?: { code: number }; response?: unknown };
      const id = o.name.split("/").pop()!;
      const state =
        o.goneAtMs !== null && o.goneAtMs <= Date.now()
          ? "gone"
          : op.done
            ? op.error
              ? op.error.code === 1
                ? "cancelled"
                : `error ${op.error.code}`
              : "completed"
            : "RUNNING";
      const reported = new RegExp(
        `\\[beyondcorp\\] (\\w+)\\s+v1/\\S+/operations/${id} after ([\\d.]+s)`,
      ).exec(transcript);
      return {
        operation: id,
        "cancel sent": o.cancelCount > 0 ? "yes" : "no",
        "final state (emulator)": state,
        "outcome (guard)": reported?.[1] ?? "?",
        "known after": reported?.[2] ?? "?",
      };
    });
    console.table(rows);
    const running = rows.filter((r) => r["final state (emulator)"] === "RUNNING");
    console.log(
      running.length === 0
        ? "Every operation is terminal: teardown never raced in-flight work."
        : `${running.length} operation(s) still running!`,
    );
    process.exitCode = code === 0 && running.length === 0 ? 0 : 1;
  } finally {
    spawnSync("pulumi", ["stack", "rm", "--yes", "--force", "--stack", "demo"], { cwd: project, env });
    rmSync(work, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
    await emu.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
