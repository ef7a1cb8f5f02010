/**
 * The README's options and outcomes tables, generated from code (options/spec.ts, lro/outcomes.ts),
 * and its benchmark bullets, generated from the committed run (bench/results.json).
 * `npm run docs` rewrites them between their markers; test/unit/docs.test.ts fails when they drift.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readmeSummary } from "../bench/readme-summary";
import { OUTCOMES, OUTCOME_NAMES, OUTCOME_STATE } from "../src/lro/outcomes";
import { formatMillis } from "../src/options/check";
import { DEFAULT_FAIL_ON } from "../src/options/defaults";
import { OPTIONS, OPTION_NAMES, type OptionSpec } from "../src/options/spec";
import { SEA_NODE_VERSION, TARGETS, pluginTarballName } from "./release/targets";
import { releaseVersion } from "./release/version";

const code = (s: string) => `\`${s}\``;

function typeOf(spec: OptionSpec): string {
  switch (spec.kind) {
    case "duration":
      return "duration";
    case "number":
      return "number";
    case "enum":
      return spec.values.map(code).join(" \\| ");
    case "enum-list":
      return "`Outcome[]`";
    case "string":
      return spec.secret ? "secret string" : "string";
  }
}

function defaultOf(spec: OptionSpec): string {
  const chain = [...(spec.gcpConfig ? [code(spec.gcpConfig)] : []), ...(spec.env ?? []).map(code)];
  switch (spec.kind) {
    case "duration":
      return `${formatMillis(spec.defaultMillis)} (${formatMillis(spec.minMillis)} to ${formatMillis(spec.maxMillis)})`;
    case "number":
      return `${spec.default} (${spec.min} to ${spec.max})`;
    case "enum":
      return code(spec.default);
    case "enum-list":
      return code(JSON.stringify(spec.default));
    case "string":
      return [...chain, ...(spec.defaultText ? [spec.defaultText] : [])].join(", then ") || "—";
  }
}

export function optionsTable(): string {
  const rows = OPTION_NAMES.map((name) => {
    const spec: OptionSpec = OPTIONS[name];
    return `| ${code(name)} | ${typeOf(spec)} | ${defaultOf(spec)} | ${spec.cli ? code(spec.cli) : "—"} | ${spec.library ? code(spec.library) : "—"} | ${spec.description} |`;
  });
  return [
    "| Input | Type | Default (bounds) | CLI flag | Library option | Meaning |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

export function outcomesTable(): string {
  const rows = OUTCOME_NAMES.map((o) => {
    const fails = DEFAULT_FAIL_ON.includes(o)
      ? "yes"
      : o === "CANCEL_UNSUPPORTED"
        ? "with `onCancelUnsupported: fail`"
        : "no";
    return `| ${code(o)} | ${OUTCOMES[o]} | ${code(OUTCOME_STATE[o])} | ${fails} |`;
  });
  return [
    "| Outcome | Meaning | `state` recorded | Fails the step by default |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

const benchSummary = (): string =>
  readmeSummary(
    JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../bench/results.json"), "utf8")) as Parameters<
      typeof readmeSummary
    >[0],
  );

/** The plugin's platforms (scripts/release/targets.ts): shipped and tested, or unavailable and why. */
export function targetsTable(): string {
  const version = releaseVersion();
  const rows = TARGETS.map((t) =>
    t.status === "shipped"
      ? `| ${t.os}-${t.arch} | ${code(pluginTarballName(t, version))} | shipped: a Node ${SEA_NODE_VERSION} single executable, tested ${t.tested} |`
      : `| ${t.os}-${t.arch} | — | **unavailable**: ${t.why}. Use the npm-installed plugin (below) |`,
  );
  return ["| Platform | Plugin tarball | Status |", "| --- | --- | --- |", ...rows].join("\n");
}

export const TABLES: Record<string, () => string> = {
  targets: targetsTable,
  options: optionsTable,
  outcomes: outcomesTable,
  bench: benchSummary,
};

/** The README with every generated region replaced. */
export function renderReadme(text: string): string {
  let out = text;
  for (const [name, make] of Object.entries(TABLES)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[^]*?(\\n<!-- /generated:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- generated:${name} --> region`);
    out = out.replace(re, (_m, a: string, b: string) => `${a}${make()}${b}`);
  }
  return out;
}

if (require.main === module) {
  const file = path.resolve(__dirname, "../../README.md");
  fs.writeFileSync(file, renderReadme(fs.readFileSync(file, "utf8")));
  console.log(`wrote ${file}`);
}
