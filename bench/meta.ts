/** What a report says about its run: when, on what machine, and with which versions of each client. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const packageVersion = (dir: string): string =>
  (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;

/** What a command prints, trimmed, or "absent" when it prints nothing (or is not there). */
const commandVersion = (cmd: string, args: string[]): string =>
  (spawnSync(cmd, args, { encoding: "utf8" }).stdout ?? "").trim() || "absent";

export function runMeta(root: string, quick: boolean) {
  return {
    date: new Date().toISOString(),
    quick,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
    versions: {
      "beyondcorp-ops": packageVersion(root),
      "google-gax": packageVersion(path.join(root, "node_modules", "google-gax")),
      "@pulumi/pulumi": packageVersion(path.join(root, "node_modules", "@pulumi", "pulumi")),
      "pulumi CLI": commandVersion("pulumi", ["version"]),
      gcloud: commandVersion("gcloud", ["version", '--format=value("Google Cloud SDK")']),
    },
  };
}
