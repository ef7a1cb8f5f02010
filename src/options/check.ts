/**
 * Validation derived from the option table: the same bad value gets the same rule, whichever door
 * (resource input, CLI flag, library option) it came through. `label` is the door's spelling of the
 * option's name, so the error names what the user typed.
 */
import { parseDurationMillis } from "../core/duration";
import { invalidInput } from "../core/errors";
import { OPTIONS, type OptionName, type OptionSpec } from "./spec";

/** A duration for people: `250 ms`, `10 s`, `20 min`, `24 h`. */
export function formatMillis(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** The rule an option's value must follow, in words. */
export function ruleOf(spec: OptionSpec): string {
  switch (spec.kind) {
    case "duration":
      return `must be a duration like "90s", "10m" or "1h30m", from ${formatMillis(spec.minMillis)} to ${formatMillis(spec.maxMillis)}`;
    case "number":
      return `must be a number from ${spec.min} to ${spec.max}`;
    case "enum":
      return `must be one of ${spec.values.join(", ")}`;
    case "enum-list":
      return `must be a list of outcomes (${spec.values.join(", ")})`;
    case "string":
      return "must be a string";
  }
}

/** Whether `v` is one of `values`; a value that is not a string never is. */
function isOneOf(values: readonly string[], v: unknown): v is string {
  return (values as readonly unknown[]).includes(v);
}

type Checked<N extends OptionName> = (typeof OPTIONS)[N] extends { kind: "duration" | "number" }
  ? number
  : (typeof OPTIONS)[N] extends { kind: "enum-list" }
    ? string[]
    : string;

/**
 * Check one option's value and return it in canonical form (milliseconds for durations). Durations
 * accept `"90s"`-style strings and numbers of milliseconds. Throws ERR_INVALID_INPUT naming `label`.
 */
export function checkOption<N extends OptionName>(name: N, value: unknown, label: string = name): Checked<N> {
  const spec: OptionSpec = OPTIONS[name];
  const bad = () => invalidInput(label, ruleOf(spec), value);
  switch (spec.kind) {
    case "duration": {
      const ms =
        typeof value === "string" || typeof value === "number" ? parseDurationMillis(value) : undefined;
      if (ms === undefined || ms < spec.minMillis || ms > spec.maxMillis) throw bad();
      return ms as Checked<N>;
    }
    case "number":
      if (typeof value !== "number" || !(value >= spec.min && value <= spec.max)) throw bad();
      return value as Checked<N>;
    case "enum":
      if (!isOneOf(spec.values, value)) throw bad();
      return value as Checked<N>;
    case "enum-list":
      if (!Array.isArray(value) || value.some((v) => !isOneOf(spec.values, v))) throw bad();
      return [...(value as string[])] as Checked<N>;
    case "string":
      if (typeof value !== "string") throw bad();
      return value as Checked<N>;
  }
}
