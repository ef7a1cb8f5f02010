import { invalidArgument } from "../api-error";
import type { CollectionSpec, UpdateSpec } from "../collections";
import { camelCaseOf } from "../wire/query-params";

type Json = Record<string, unknown>;

/** Fields that are maps: path segments below them are keys, kept as written. */
const MAP_FIELDS = ["labels", "hubs"];

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function writable(spec: CollectionSpec, update: UpdateSpec, fields: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const f of fields) {
    if (spec.outputOnly.includes(f)) continue;
    if (update.mutable !== "writable" && !update.mutable.includes(f)) continue;
    out.add(f);
  }
  return [...out];
}

function checkTop(spec: CollectionSpec, update: UpdateSpec, field: string): void {
  if (spec.outputOnly.includes(field)) throw invalidArgument("updateMask", `"${field}" is output only`);
  if (update.mutable !== "writable" && !update.mutable.includes(field)) {
    throw invalidArgument(
      "updateMask",
      `"${field}" cannot be updated; the mask may only name ${update.mutable.join(", ")}`,
    );
  }
}

/**
 * The paths (segment lists, camelCase) a PATCH changes (AIP-134, AIP-161). Paths may be written in
 * snake_case or camelCase. No mask means "every field the body sets" where the mask is optional;
 * `*` means every updatable field, the ones the body leaves out being cleared.
 */
export function maskPaths(
  spec: CollectionSpec,
  raw: string | undefined,
  body: Json,
  current: Json,
): string[][] {
  const update = spec.update;
  if (update === undefined) throw new Error(`${spec.kind} has no update method`);
  if (raw === undefined || raw.trim() === "") {
    if (update.maskRequired) throw invalidArgument("updateMask", "is required: name at least one field");
    return writable(spec, update, Object.keys(body)).map((f) => [f]);
  }
  if (raw.trim() === "*") {
    const all =
      update.mutable === "writable" ? [...Object.keys(current), ...Object.keys(body)] : update.mutable;
    return writable(spec, update, all).map((f) => [f]);
  }
  return raw.split(",").map((path) => {
    const [first, ...rest] = path.trim().split(".");
    if (first === undefined || first === "" || rest.some((s) => s === "")) {
      throw invalidArgument("updateMask", `"${path}" is not a field path`);
    }
    const top = camelCaseOf(first);
    checkTop(spec, update, top);
    return [top, ...(MAP_FIELDS.includes(top) ? rest : rest.map(camelCaseOf))];
  });
}

function getAt(obj: Json, path: readonly string[]): unknown {
  let v: unknown = obj;
  for (const seg of path) v = isObject(v) ? v[seg] : undefined;
  return v;
}

/** `current` with each masked path copied from `body`; a path the body leaves out is cleared. */
export function applyMask(current: Json, body: Json, paths: readonly string[][]): Json {
  const out = structuredClone(current);
  for (const path of paths) {
    const value = getAt(body, path);
    let holder: Json | undefined = out;
    for (const seg of path.slice(0, -1)) {
      if (!isObject(holder[seg])) {
        if (value === undefined) {
          holder = undefined; // nothing to clear below a missing parent
          break;
        }
        holder[seg] = {};
      }
      holder = holder[seg] as Json;
    }
    if (holder === undefined) continue;
    const key = path[path.length - 1] as string;
    if (value === undefined) delete holder[key];
    else holder[key] = structuredClone(value);
  }
  return out;
}
