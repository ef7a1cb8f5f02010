import { parseArgs } from "node:util";
import { invalidInput } from "../core/errors";
import type { ApiVersion } from "../lro/names";
import { checkOption, formatMillis } from "../options/check";
import type { ConnectionOptions } from "../options/connection";
import { CONNECTION_OPTIONS, OPTIONS, type OptionName, type OptionSpec } from "../options/spec";

/** Environment variables in the order they are read: `A, then B`. */
function envNames(env: readonly string[]): string {
  return env.join(", then ");
}

/** The options that have a CLI flag. */
export type FlagName = {
  [K in OptionName]: (typeof OPTIONS)[K] extends { readonly cli: string } ? K : never;
}[OptionName];

/** What the option table says of a flag's values and default, as help shows it ("" when nothing). */
function defaultHelp(spec: (typeof OPTIONS)[FlagName]): string {
  switch (spec.kind) {
    case "duration":
      return `; default ${formatMillis(spec.defaultMillis)}`;
    case "enum":
      return `; ${spec.values.join(", ")}; default ${spec.default}`;
    case "string":
      return "defaultText" in spec ? `; default ${spec.defaultText}` : "";
  }
}

/** A flag's help line, derived from the option table: `--flag VALUE   description (default …)`. */
export function flagHelp(name: FlagName, metavar: string, extra = ""): string {
  const spec = OPTIONS[name];
  const env = "env" in spec ? `; env ${envNames(spec.env)}` : "";
  return `  ${`${spec.cli} ${metavar}`.padEnd(24)}${spec.description.replace(/\.$/, "")}${extra}${env}${defaultHelp(spec)}`;
}

/** Connection flags: every connection option that has a CLI flag, in table order. */
const CONNECTION_FLAGS = (Object.keys(CONNECTION_OPTIONS) as Array<keyof typeof CONNECTION_OPTIONS>).filter(
  (k): k is FlagName & keyof typeof CONNECTION_OPTIONS =>
    (CONNECTION_OPTIONS[k] as OptionSpec).cli !== undefined,
);

export const COMMON_HELP = `Connection flags (defaults follow the environment conventions of Pulumi's GCP provider):
${CONNECTION_FLAGS.map((k) => flagHelp(k, k === "credentials" ? "FILE" : k === "apiVersion" ? "V" : "VALUE")).join("\n")}
  --no-auth               send no credentials (emulators)
  An access token is read only from ${envNames(CONNECTION_OPTIONS.accessToken.env)}, never from a flag (flags show in ps).`;

export const COMMON_OPTIONS = {
  ...Object.fromEntries(
    CONNECTION_FLAGS.map((k) => [(CONNECTION_OPTIONS[k] as OptionSpec).cli!.slice(2), { type: "string" }]),
  ),
  "no-auth": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as Record<string, { type: "string" | "boolean"; short?: string }>;

export function parse<
  T extends Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>,
>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw invalidInput("arguments", (err as Error).message);
  }
}

/** Library connection options from the flags, each checked as the option table says. */
export function connectionFrom(values: Record<string, unknown>): ConnectionOptions {
  const o: Record<string, unknown> = {};
  for (const k of CONNECTION_FLAGS) {
    const flag = (CONNECTION_OPTIONS[k] as OptionSpec).cli!;
    const v = values[flag.slice(2)];
    if (typeof v === "string") o[k] = checkOption(k, v, flag);
  }
  if (values["no-auth"] === true) o["noAuth"] = true;
  return o as ConnectionOptions & { apiVersion?: ApiVersion };
}
