import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { packTarball } from "../../scripts/installed-package";

/**
 * The provider plugin installed exactly as the README tells users: the package from its packed
 * tarball, `npm install -g` (here into a throw-away prefix), which puts
 * `pulumi-resource-beyondcorp-ops` in `<prefix>/bin`. Uses the built dist/ (npm test builds it).
 */
export class InstalledPlugin {
  readonly prefix = mkdtempSync(path.join(tmpdir(), "bcops-plugin-"));
  /** The folder holding `pulumi-resource-beyondcorp-ops`: the README's `plugins.providers[].path`. */
  readonly bin = path.join(this.prefix, "bin");

  constructor() {
    const tarball = packTarball();
    execFileSync(
      "npm",
      [
        "install",
        "-g",
        "--prefix",
        this.prefix,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        tarball,
      ],
      { cwd: this.prefix, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env } },
    );
  }

  /** The `plugins` block the README shows, for a Pulumi.yaml. */
  pulumiYamlBlock(): string {
    return `plugins:\n  providers:\n    - name: beyondcorp-ops\n      path: ${this.bin}\n`;
  }

  dispose(): void {
    rmSync(this.prefix, { recursive: true, force: true });
  }
}
