import { spawn } from "node:child_process";
import { after, before } from "node:test";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator";
import { BoundExceeded } from "./bounded";

/** The compiled `beyondcorp-ops` CLI, next to the compiled tests. */
export const CLI = path.resolve(__dirname, "../../src/cli/main.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** How long a CLI run may take before the test fails (every run here takes a few seconds at most). */
export const DEFAULT_CLI_BOUND_MS = 20_000;

export interface CliRunOptions {
  /** Added to a minimal environment (only PATH), and winning over it. */
  env?: NodeJS.ProcessEnv;
  /** Send `name` once `when` says so (checked on each stderr chunk and every 20 ms). */
  signal?: { name: NodeJS.Signals; when: (stderr: string) => boolean | Promise<boolean> };
  /**
   * Kill the CLI (SIGKILL) and fail with what it printed if it has not exited by then.
   * @default DEFAULT_CLI_BOUND_MS
   */
  boundMs?: number;
}

/**
 * Run the CLI as a real process and collect what it printed. A CLI that has not exited within
 * `boundMs` is killed and the run rejects with `BoundExceeded`, naming the command and its stderr.
 */
export function runCli(args: string[], opts: CliRunOptions = {}): Promise<CliRun> {
  const { signal } = opts;
  const boundMs = opts.boundMs ?? DEFAULT_CLI_BOUND_MS;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env["PATH"], ...opts.env },
    });
    let stdout = "";
    let stderr = "";
    let busy = false; // one check at a time, so the signal is sent once (a second SIGINT kills outright)
    const check = async () => {
      if (!signal || busy || child.exitCode !== null) return;
      busy = true;
      if (!(await signal.when(stderr))) busy = false;
      else child.kill(signal.name);
    };
    const timer = signal ? setInterval(() => void check(), 20) : undefined;
    const bound = setTimeout(() => {
      child.kill("SIGKILL");
      const soFar = JSON.stringify(stderr.slice(-2000));
      reject(
        new BoundExceeded(`beyondcorp-ops ${args.join(" ")} to exit (stderr so far: ${soFar})`, boundMs),
      );
    }, boundMs);
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
      void check();
    });
    child.on("close", (code) => {
      clearInterval(timer);
      clearTimeout(bound);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/**
 * An emulator on a real socket, started before the enclosing suite's tests and closed after them,
 * and `connect`: the CLI flags that reach it with no credentials. Read both inside tests.
 */
export function emulatorForCli(): { readonly emu: Emulator; readonly connect: string[] } {
  let emu: Emulator | undefined;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => emu?.close());
  const started = (): Emulator => {
    if (emu === undefined) throw new Error("emulatorForCli: read emu and connect inside tests");
    return emu;
  };
  return {
    get emu() {
      return started();
    },
    get connect() {
      return ["--endpoint", started().url, "--no-auth"];
    },
  };
}
