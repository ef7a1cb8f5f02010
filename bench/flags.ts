/** `npm run bench`'s flags: parsed strictly, each combination checked, one error naming the rule. */
import { parseArgs } from "node:util";
import { SHARED_IDS } from "./shapes";

export const SCENARIO_IDS = ["single", ...SHARED_IDS, "faults", "gcloud", "cold-start", "plugins"];
export const USAGE =
  "usage: npm run bench [-- --quick | --smoke | --only ID,… | --render | --plugins | --model [POLICY_JSON …]] [--out DIR]";

export interface BenchFlags {
  /** Tiny sizes, for `npm test`: checks the harness, not the targets. */
  smoke: boolean;
  /** Smaller sizes (about a minute); implied by `smoke`. */
  quick: boolean;
  /** `--only scale,mixed`: full-size runs of some scenarios (and `cold-start`), into a temporary folder. */
  only: ReadonlySet<string> | undefined;
  out: string | undefined;
  render: boolean;
  /** Measure only the plugin's installed forms, into the committed report beside the saved run. */
  plugins: boolean;
  model: boolean;
  /** `--model`'s policy overrides (JSON), as given. */
  overrides: string[];
}

export function parseBenchFlags(args: string[]): BenchFlags {
  const { values, positionals } = parseArgs({
    args,
    options: {
      smoke: { type: "boolean" },
      quick: { type: "boolean" },
      only: { type: "string" },
      out: { type: "string" },
      render: { type: "boolean" },
      plugins: { type: "boolean" },
      model: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 && !values.model)
    throw new Error(`only --model takes arguments: ${positionals.join(" ")}`);
  if ((values.render || values.model) && (values.only !== undefined || values.quick || values.smoke))
    throw new Error("--render and --model measure nothing: they take no --only, --quick or --smoke");
  if (
    values.plugins &&
    (values.only !== undefined || values.quick || values.smoke || values.render || values.model)
  )
    throw new Error("--plugins measures the plugin's forms alone: it takes no other flag but --out");
  const only = values.only === undefined ? undefined : new Set(values.only.split(",").filter(Boolean));
  const unknown = [...(only ?? [])].filter((id) => !SCENARIO_IDS.includes(id));
  if (only !== undefined && (only.size === 0 || unknown.length > 0))
    throw new Error(
      `--only takes a comma-separated list of ${SCENARIO_IDS.join(", ")}; ${only.size === 0 ? "it was empty" : `not a scenario: ${unknown.join(", ")}`}`,
    );
  const smoke = values.smoke === true;
  return {
    smoke,
    quick: smoke || values.quick === true,
    only,
    out: values.out,
    render: values.render === true,
    plugins: values.plugins === true,
    model: values.model === true,
    overrides: positionals,
  };
}
