/**
 * One version, from one place: package.json. The schema (src/plugin/schema.ts) writes it into
 * schema.json, the SDK generator from there into every SDK, the plugin answers GetPluginInfo with it,
 * and the release names its tarballs with it. test/unit/version.test.ts fails if any of them differs.
 */
import * as path from "node:path";
import { packageInfo } from "../../src/core/package-info";
import { packageSchema } from "../../src/plugin/schema";

export function releaseVersion(): string {
  return packageInfo().version;
}

function schema(): { pluginDownloadURL: string; language: { go: { importBasePath: string } } } {
  return packageSchema(packageInfo()) as never;
}

/** The Go SDK's module path: its package's import path less the package folder. */
export function goModulePath(): string {
  return path.posix.dirname(schema().language.go.importBasePath);
}

/** The tag that publishes the Go module at `version` (its go.mod sits in sdk/go). */
export function goTag(version: string): string {
  return `sdk/go/v${version}`;
}

export function pluginDownloadURL(): string {
  return schema().pluginDownloadURL;
}
