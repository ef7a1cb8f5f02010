import { ApiError, invalidArgument } from "../api-error";
import type { EnumEncoding } from "./enums";

/**
 * System parameters every Google REST API accepts on every method; they are never bound to the
 * request message. Any name that starts with `$` (`$alt`, `$prettyPrint`, `$.xgafv`) is one too.
 */
export const SYSTEM_PARAMS = [
  "alt",
  "key",
  "access_token",
  "oauth_token",
  "prettyPrint",
  "fields",
  "quotaUser",
  "callback",
  "upload_protocol",
  "uploadType",
  "userIp",
] as const;

/** `app_connector_id` → `appConnectorId`: gRPC transcoding binds either spelling to the field. */
export function camelCaseOf(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function isSystemParam(name: string): boolean {
  return name.startsWith("$") || (SYSTEM_PARAMS as readonly string[]).includes(name);
}

function unbound(name: string): ApiError {
  return new ApiError(
    "INVALID_ARGUMENT",
    `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. ` +
      `Field '${name}' could not be found in request message.`,
    "UNKNOWN_QUERY_PARAMETER",
    { field: name },
  );
}

/** `alt=json` / `$alt=json;enum-encoding=int` (what generated clients send) → the enum encoding. */
function enumEncodingOf(values: string[]): EnumEncoding {
  let encoding: EnumEncoding = "string";
  for (const value of values) {
    const [format, ...options] = value.split(";").map((s) => s.trim().toLowerCase());
    if (format !== "json") throw invalidArgument("alt", `unsupported response format "${value}" (only json)`);
    for (const option of options) {
      if (option === "enum-encoding=int") encoding = "int";
      else if (option !== "enum-encoding=string" && option !== "") {
        throw invalidArgument("alt", `unsupported option "${option}"`);
      }
    }
  }
  return encoding;
}

/**
 * The query parameters of one API request, bound the way gRPC transcoding binds them: each name in
 * camelCase or snake_case, system parameters aside; a name the method does not have is 400.
 */
export class QueryParams {
  private constructor(
    private readonly values: ReadonlyMap<string, string>,
    /** How enums are written in the answer. */
    readonly enumEncoding: EnumEncoding,
  ) {}

  /** Bind `query` to a method whose request fields are `fields` (camelCase). */
  static bind(query: URLSearchParams, fields: readonly string[]): QueryParams {
    const values = new Map<string, string>();
    const alts: string[] = [];
    for (const [name, value] of query) {
      if (name === "alt" || name === "$alt") alts.push(value);
      if (isSystemParam(name)) continue;
      const field = camelCaseOf(name);
      if (!fields.includes(field)) throw unbound(name);
      const seen = values.get(field);
      if (seen !== undefined && seen !== value) {
        throw invalidArgument(field, `given twice with different values ("${seen}", "${value}")`);
      }
      values.set(field, value);
    }
    return new QueryParams(values, enumEncodingOf(alts));
  }

  /** The value, or undefined when absent or empty (proto3: an empty string is the default). */
  str(field: string): string | undefined {
    const v = this.values.get(field);
    return v === undefined || v === "" ? undefined : v;
  }

  /** `true`/`false` (absent = false); anything else is 400. */
  bool(field: string): boolean {
    const v = this.values.get(field);
    if (v === undefined || v === "" || v === "false") return false;
    if (v === "true") return true;
    throw invalidArgument(field, `"${v}" is not a boolean (true or false)`);
  }

  /** Bound fields in name order, for request fingerprints. */
  entries(): [string, string][] {
    return [...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
