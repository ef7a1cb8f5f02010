import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** The gcloud binary: `$GCLOUD`, else the first `gcloud` on PATH, else undefined. */
export function findGcloud(): string | undefined {
  const explicit = process.env["GCLOUD"];
  if (explicit !== undefined && explicit !== "") return existsSync(explicit) ? explicit : undefined;
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const candidate = join(dir, "gcloud");
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  return existsSync("/usr/bin/gcloud") ? "/usr/bin/gcloud" : undefined;
}

export interface GcloudResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A throw-away gcloud configuration directory pointed at an emulator. */
export interface GcloudSandbox {
  readonly dir: string;
  run(args: readonly string[]): Promise<GcloudResult>;
  dispose(): Promise<void>;
}

export interface SandboxOptions {
  /** Emulator base URL, e.g. http://127.0.0.1:1234 */
  url: string;
  /** @default "my-proj" */
  project?: string;
  /** Send no credentials at all (auth/disable_credentials). @default true */
  disableCredentials?: boolean;
}

/**
 * Write the same properties `gcloud config set` would (saving one gcloud start-up per property):
 * `api_endpoint_overrides/beyondcorp = <url>/`, project, prompts/updates/usage reporting off.
 */
export async function gcloudSandbox(gcloud: string, options: SandboxOptions): Promise<GcloudSandbox> {
  const dir = await mkdtemp(join(tmpdir(), "bc-gcloud-"));
  await mkdir(join(dir, "configurations"), { recursive: true });
  const ini = [
    "[core]",
    `project = ${options.project ?? "my-proj"}`,
    "disable_usage_reporting = true",
    "disable_prompts = true",
    "[auth]",
    `disable_credentials = ${options.disableCredentials ?? true}`,
    "[component_manager]",
    "disable_update_check = true",
    "[api_endpoint_overrides]",
    `beyondcorp = ${options.url}/`,
    "",
  ].join("\n");
  await writeFile(join(dir, "active_config"), "default");
  await writeFile(join(dir, "configurations", "config_default"), ini);
  const env: NodeJS.ProcessEnv = { ...process.env, CLOUDSDK_CONFIG: dir, CLOUDSDK_CORE_DISABLE_PROMPTS: "1" };
  delete env["CLOUDSDK_ACTIVE_CONFIG_NAME"];
  delete env["CLOUDSDK_CORE_PROJECT"];
  delete env["CLOUDSDK_API_ENDPOINT_OVERRIDES_BEYONDCORP"];
  return {
    dir,
    run: (args) =>
      new Promise((resolve) => {
        execFile(gcloud, args, { env, timeout: 90_000, encoding: "utf8" }, (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
          resolve({ code, stdout, stderr });
        });
      }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
