/**
 * The schema's enum types, derived from the option table (each enum option's values) and the
 * outcomes table, and the SDKs' names of their values.
 */
import { OUTCOMES, OUTCOME_NAMES } from "../lro/outcomes";
import { OPTIONS } from "../options/spec";

/** Schema enum types: one per enum option (its values), and Outcome. */
const ENUM_TYPES: Record<
  string,
  { description: string; values: readonly string[]; docs?: Record<string, string> }
> = {
  Outcome: {
    description: "The named terminal state of one tracked operation.",
    values: OUTCOME_NAMES,
    docs: OUTCOMES,
  },
  OnCancelUnsupported: {
    description: OPTIONS.onCancelUnsupported.description,
    values: OPTIONS.onCancelUnsupported.values,
  },
  OnDelete: { description: OPTIONS.onDelete.description, values: OPTIONS.onDelete.values },
  ApiVersion: { description: OPTIONS.apiVersion.description, values: OPTIONS.apiVersion.values },
};
export const ENUM_OF: Partial<Record<string, string>> = {
  onCancelUnsupported: "OnCancelUnsupported",
  onDelete: "OnDelete",
  apiVersion: "ApiVersion",
  failOn: "Outcome",
};

/**
 * The SDKs' name of an enum value, in PascalCase (`ALREADY_DONE` -> `AlreadyDone`). Without it the
 * Python generator splits capitals oddly (`ALREAD_Y_DONE`) and Go mixes `Outcome_ALREADY_DONE`
 * with `OutcomeCANCELLED`.
 */
export function enumMemberName(value: string): string {
  return value
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join("");
}

/** The schema's `types` entry of each enum, by type name. */
export function enumTypes(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(ENUM_TYPES).map(([name, e]) => [
      name,
      {
        type: "string",
        description: e.description,
        enum: e.values.map((v) => ({
          name: enumMemberName(v),
          value: v,
          ...(e.docs?.[v] ? { description: e.docs[v] } : {}),
        })),
      },
    ]),
  );
}
