import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { assertInstalled, isUserProject } from "../../scripts/installed-package";

export const ROOT = path.resolve(__dirname, "../../..");

/** One pulumi run takes 20-35 s on a loaded machine: one still running after 3 min is a hang. */
export const STEP_LIMIT_MS = 180_000;

/** Is the real pulumi CLI available? Under CI=true its absence is a failure, never a skip. */
export function requirePulumi(): string | undefined {
  const r = spawnSync("pulumi", ["version"], { encoding: "utf8" });
  if (r.status === 0) return undefined;
  const why = "pulumi CLI not on PATH (run through `npm test`, which builds it)";
  if (process.env["CI"] === "true") throw new Error(`${why}; CI=true makes this a failure`);
  return why;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  /** Milliseconds from the `kill` signal to the CLI's exit, when one was sent. */
  exitAfterSignalMs?: number;
}

/** A resource as `pulumi` writes it into a file backend's state. */
export interface StateResource {
  type: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/**
 * A throw-away stack of the Pulumi program in `cwd` on a local file backend, offline. A Node.js
 * program must load beyondcorp-ops as users do, from a tarball installed under `node_modules`
 * (scripts/installed-package.ts): never the checkout, never through a link (issue 20).
 */
export class TestStack {
  readonly dir = mkdtempSync(path.join(tmpdir(), "bcops-e2e-"));
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly name = "e2e",
    /** The Pulumi project directory. */
    readonly cwd: string,
    /** The passphrase secrets provider's passphrase (a fixture's own, for state made elsewhere). */
    passphrase = "e2e-passphrase",
  ) {
    if (/^runtime:\s*(name:\s*)?nodejs\b/m.test(readFileSync(path.join(cwd, "Pulumi.yaml"), "utf8")))
      assertInstalled(cwd);
    this.env = {
      ...process.env,
      PULUMI_HOME: path.join(this.dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
    };
    spawnSync("mkdir", ["-p", path.join(this.dir, "state")]);
    const init = spawnSync("pulumi", ["stack", "init", name, "--non-interactive"], {
      cwd: this.cwd,
      env: this.env,
      encoding: "utf8",
    });
    if (init.status !== 0) throw new Error(`pulumi stack init failed: ${init.stderr}`);
  }

  private withConfig(args: string[]): string[] {
    const plain = ["stack", "cancel"].includes(args[0] ?? "");
    return [...args, "--stack", this.name, ...(plain ? [] : ["--config-file", this.configFile])];
  }

  /** The stack's config file (`--config-file` of every command but `stack …` and `cancel`). */
  get configFile(): string {
    return path.join(this.dir, "Pulumi.stack.yaml");
  }

  must(args: string[]): string {
    const r = spawnSync("pulumi", this.withConfig(args), {
      cwd: this.cwd,
      env: this.env,
      encoding: "utf8",
      timeout: 300_000,
    });
    if (r.status !== 0)
      throw new Error(`pulumi ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return `${r.stdout}${r.stderr}`;
  }

  config(key: string, value: string, secret = false): void {
    this.must(["config", "set", ...(secret ? ["--secret"] : []), "--path", key, value]);
  }

  /**
   * Run pulumi. `kill` signals the whole process group (CLI, language host, dynamic-provider
   * host) as soon as the output matches a RegExp, or after a number of milliseconds: SIGKILL by
   * default, or `sig` (SIGINT is what a terminal's Ctrl-C sends to the foreground group).
   */
  run(args: string[], kill?: RegExp | number, sig: NodeJS.Signals = "SIGKILL"): Promise<RunResult> {
    let killWhen = kill instanceof RegExp ? kill : undefined;
    return new Promise((resolve, reject) => {
      const yes = args[0] === "preview" ? [] : ["--yes"];
      const child = spawn("pulumi", [...this.withConfig(args), "--non-interactive", ...yes], {
        cwd: this.cwd,
        env: this.env,
        detached: true,
      });
      let out = "";
      let signalledAt: number | undefined;
      const sendSignal = () => {
        signalledAt = Date.now();
        process.kill(-child.pid!, sig);
      };
      const onData = (b: Buffer) => {
        out += b.toString();
        if (killWhen && killWhen.test(out) && child.pid) {
          killWhen = undefined;
          sendSignal();
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      const timer =
        typeof kill === "number"
          ? setTimeout(() => {
              if (child.pid && child.exitCode === null) sendSignal();
            }, kill)
          : undefined;
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({
          code,
          signal,
          out,
          ...(signalledAt !== undefined ? { exitAfterSignalMs: Date.now() - signalledAt } : {}),
        });
      });
    });
  }

  /**
   * Run pulumi to its end and require success. One still running after `limitMs` is a hang: it is
   * killed, and the assertion says so with the output so far, instead of the test runner's timeout.
   */
  async runOk(args: string[], limitMs = STEP_LIMIT_MS): Promise<RunResult> {
    const r = await this.run(args, limitMs);
    assert.notEqual(r.signal, "SIGKILL", `pulumi ${args[0]} still running after ${limitMs} ms:\n${r.out}`);
    assert.equal(r.code, 0, r.out);
    return r;
  }

  statePath(): string {
    const project = /^name:\s*(\S+)/m.exec(readFileSync(path.join(this.cwd, "Pulumi.yaml"), "utf8"))?.[1];
    return path.join(this.dir, "state", ".pulumi", "stacks", project ?? "", `${this.name}.json`);
  }

  stateText(): string {
    return readFileSync(this.statePath(), "utf8");
  }

  /** The first resource of `type` in the stack's state file. */
  stateResource(type: string): StateResource {
    const state = JSON.parse(this.stateText()) as { checkpoint: { latest: { resources?: StateResource[] } } };
    const found = (state.checkpoint.latest.resources ?? []).find((r) => r.type === type);
    if (found === undefined) throw new Error(`no ${type} in the state of stack ${this.name}`);
    return found;
  }

  /**
   * The state file never holds `plaintext`, and the first `type` resource holds `key` as a secret
   * (a `v1:` ciphertext) in both its inputs and its outputs.
   */
  assertSecret(type: string, key: string, plaintext: string): void {
    assert.ok(!this.stateText().includes(plaintext), `${key} in plaintext in the state file`);
    const r = this.stateResource(type);
    for (const [side, where] of [
      ["inputs", r.inputs],
      ["outputs", r.outputs],
    ] as const) {
      const v = where[key] as { ciphertext?: unknown } | undefined;
      assert.match(String(v?.ciphertext), /^v1:/, `${side}.${key} stored encrypted: ${JSON.stringify(v)}`);
    }
  }

  /** Live processes started for this stack (found by its PULUMI_HOME in their environment). */
  processes(): number[] {
    const marker = `PULUMI_HOME=${this.env["PULUMI_HOME"]}\0`;
    const found: number[] = [];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      try {
        if (`${readFileSync(`/proc/${entry}/environ`, "latin1")}\0`.includes(marker))
          found.push(Number(entry));
      } catch {
        // gone, or not ours to read
      }
    }
    return found;
  }

  dispose(): void {
    // Whatever a killed run left behind (plugins run in process groups of their own).
    for (const pid of this.processes()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    spawnSync("pulumi", ["stack", "rm", "--yes", "--force", "--stack", this.name], {
      cwd: this.cwd,
      env: this.env,
    });
    rmSync(this.dir, { recursive: true, force: true });
    if (isUserProject(this.cwd)) rmSync(this.cwd, { recursive: true, force: true });
  }
}
