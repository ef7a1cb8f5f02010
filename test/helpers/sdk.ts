import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { BoundExceeded } from "./bounded";
import { ROOT } from "./pulumi";

/**
 * The tools the SDK tests need, from scripts/bootstrap.sh: Go, the pinned Python venv and the SDK
 * generator. Each `require…` returns a reason to skip, or undefined; under CI=true a missing tool
 * is a failure, never a skip.
 */
function required(what: string, present: boolean): string | undefined {
  if (present) return undefined;
  const why = `${what} (run through \`npm test\`, whose bootstrap provides it)`;
  if (process.env["CI"] === "true") throw new Error(`${why}; CI=true makes this a failure`);
  return why;
}

/** The venv's python (tools/pulumi/python/requirements.txt), or undefined. */
export const VENV_PYTHON = process.env["BEYONDCORP_OPS_PYTHON_VENV"]
  ? path.join(process.env["BEYONDCORP_OPS_PYTHON_VENV"], "bin", "python")
  : undefined;

export const requirePython = () =>
  required("no Python venv: BEYONDCORP_OPS_PYTHON_VENV is unset", !!VENV_PYTHON && existsSync(VENV_PYTHON));
export const requireGo = () => required("go is not on PATH", spawnSync("go", ["version"]).status === 0);
export const requireGenSdk = () =>
  required("BEYONDCORP_OPS_GEN_SDK is unset", !!process.env["BEYONDCORP_OPS_GEN_SDK"]);

export interface ToolRun {
  code: number | null;
  out: string;
  ms: number;
}

/**
 * Run a tool to its end and collect stdout and stderr together. One that has not exited within
 * `boundMs` is killed and the run rejects with `BoundExceeded`, naming the command.
 */
export function runTool(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; boundMs: number },
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new BoundExceeded(`${cmd} ${args.join(" ")} in ${opts.cwd}:\n${out}`, opts.boundMs));
    }, opts.boundMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - t0 });
    });
  });
}

/**
 * A venv for a Python program, with the SDK installed as the README says (`pip install
 * ./sdk/python`, from a copy of it). To stay offline it reuses the pinned venv's packages (pulumi, parver, semver,
 * setuptools) through a .pth file instead of downloading them again, and builds without isolation.
 * The venv has no pip of its own (ensurepip's setuptools 65 would shadow the pinned one and cannot
 * build a wheel): the pinned venv's pip installs into it (`pip --python`, pip 22.3 or newer).
 * Returns its python, for PULUMI_PYTHON_CMD.
 */
export async function programVenv(dir: string): Promise<string> {
  const venv = path.join(dir, "venv");
  // pip builds in the source tree (build/, *.egg-info): install a copy, so the checkout stays clean.
  const sdk = path.join(dir, "sdk-python");
  cpSync(path.join(ROOT, "sdk/python"), sdk, { recursive: true });
  const python = path.join(venv, "bin", "python");
  const purelib = (py: string) =>
    runTool(py, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], {
      cwd: dir,
      boundMs: 30_000,
    });
  const steps: Array<() => Promise<ToolRun>> = [
    () => runTool(VENV_PYTHON!, ["-m", "venv", "--without-pip", venv], { cwd: dir, boundMs: 60_000 }),
    async () => {
      const [base, own] = [await purelib(VENV_PYTHON!), await purelib(python)];
      writeFileSync(path.join(own.out.trim(), "beyondcorp-ops-base.pth"), `${base.out.trim()}\n`);
      return { code: 0, out: "", ms: 0 };
    },
    () =>
      runTool(
        VENV_PYTHON!,
        [
          "-m",
          "pip",
          "--python",
          python,
          "install",
          "--no-build-isolation",
          "--disable-pip-version-check",
          sdk,
        ],
        { cwd: dir, boundMs: 180_000 },
      ),
  ];
  for (const step of steps) {
    const r = await step();
    if (r.code !== 0) throw new Error(`preparing the Python program's venv failed:\n${r.out}`);
  }
  return python;
}
