/**
 * The provider plugin's schema and SDKs, generated from code: `schema.json` from
 * src/plugin/schema.ts, then `sdk/python`, `sdk/go` and `sdk/nodejs` from it with tools/pulumi/gen-sdk (built by
 * scripts/bootstrap.sh as $BEYONDCORP_OPS_GEN_SDK). `npm run sdk` rewrites them;
 * test/integration/plugin-sdk-stale.test.ts fails when the committed copies are stale.
 *
 *   node .build/scripts/gen-sdk.js [--out DIR]   (DIR defaults to the repository root)
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { packageSchema } from "../src/plugin/schema";

export const ROOT = path.resolve(__dirname, "../..");
export const SDK_LANGUAGES = ["python", "go", "nodejs"] as const;

export function schemaText(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  return `${JSON.stringify(packageSchema(pkg), null, 2)}\n`;
}

/** The generated paths, relative to the output folder (the repository root for the committed copy). */
export const GENERATED = ["schema.json", ...SDK_LANGUAGES.map((l) => `sdk/${l}`)];

/** Writes `<out>/schema.json` and `<out>/sdk/{python,go}`; gen-sdk gets `timeoutMs` (default 5 min). */
export function generate(out: string, timeoutMs = 300_000): void {
  const genSdk = process.env["BEYONDCORP_OPS_GEN_SDK"];
  if (!genSdk)
    throw new Error("BEYONDCORP_OPS_GEN_SDK is not set: run through scripts/bootstrap.sh (npm run sdk)");
  fs.mkdirSync(out, { recursive: true });
  const schema = path.join(out, "schema.json");
  fs.writeFileSync(schema, schemaText());
  const sdk = path.join(out, "sdk");
  for (const lang of SDK_LANGUAGES) fs.rmSync(path.join(sdk, lang), { recursive: true, force: true });
  execFileSync(genSdk, ["--schema", schema, "--out", sdk, "--lang", SDK_LANGUAGES.join(",")], {
    stdio: ["ignore", "inherit", "inherit"],
    timeout: timeoutMs,
  });
}

if (require.main === module) {
  const i = process.argv.indexOf("--out");
  generate(i > 0 ? path.resolve(process.argv[i + 1]!) : ROOT);
}
