import { invalidArgument } from "../api-error";
import { collectionOfTypeUrl, type CollectionSpec } from "../collections";

/**
 * Enum fields of the resource messages, with their values in number order (index = number), as in
 * the v1 and v1alpha protos. Fields not listed here are passed through as they were sent.
 */
const CONNECTOR_STATE = ["STATE_UNSPECIFIED", "CREATING", "CREATED", "UPDATING", "DELETING", "DOWN"];
const GATEWAY_STATE = ["STATE_UNSPECIFIED", "CREATING", "UPDATING", "DELETING", "RUNNING", "DOWN", "ERROR"];

export const ENUM_FIELDS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  AppConnector: { state: CONNECTOR_STATE },
  AppConnection: {
    state: CONNECTOR_STATE,
    type: ["TYPE_UNSPECIFIED", "TCP_PROXY"],
    "gateway.type": ["TYPE_UNSPECIFIED", "GCP_REGIONAL_MIG"],
  },
  AppGateway: {
    state: CONNECTOR_STATE,
    type: ["TYPE_UNSPECIFIED", "TCP_PROXY"],
    hostType: ["HOST_TYPE_UNSPECIFIED", "GCP_REGIONAL_MIG"],
  },
  SecurityGateway: { state: GATEWAY_STATE },
  Application: {},
};

/** How enums are written in answers: names (proto3 JSON default) or numbers (`enum-encoding=int`). */
export type EnumEncoding = "string" | "int";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Visit the object holding the last segment of `path`, if every step on the way is an object. */
function withHolder(obj: Json, path: string, fn: (holder: Json, key: string) => void): void {
  const segments = path.split(".");
  let holder: unknown = obj;
  for (const seg of segments.slice(0, -1)) holder = isObject(holder) ? holder[seg] : undefined;
  const key = segments[segments.length - 1] as string;
  if (isObject(holder) && holder[key] !== undefined) fn(holder, key);
}

/**
 * Normalise enum fields of a request body to their names. proto3 JSON parsers accept an enum as its
 * name or its number; an unknown name or number is 400 naming the field.
 */
export function normalizeRequestEnums(spec: CollectionSpec, body: Json): void {
  for (const [path, values] of Object.entries(ENUM_FIELDS[spec.kind] ?? {})) {
    withHolder(body, path, (holder, key) => {
      const v = holder[key];
      if (typeof v === "number" && Number.isInteger(v) && values[v] !== undefined) holder[key] = values[v];
      else if (typeof v !== "string" || !values.includes(v)) {
        throw invalidArgument(
          path,
          `invalid value ${JSON.stringify(v)} for enum (one of ${values.join(", ")})`,
        );
      }
    });
  }
}

/** A rendered resource (a copy) with its enum fields as numbers when `encoding` is `int`. */
export function encodeResourceEnums(kind: string, resource: Json, encoding: EnumEncoding): Json {
  if (encoding === "string") return resource;
  const out = structuredClone(resource);
  for (const [path, values] of Object.entries(ENUM_FIELDS[kind] ?? {})) {
    withHolder(out, path, (holder, key) => {
      const i = values.indexOf(String(holder[key]));
      if (i >= 0) holder[key] = i;
    });
  }
  return out;
}

/** An Operation (a copy) whose `response` resource has numeric enums when `encoding` is `int`. */
export function encodeOperationEnums(op: Json, encoding: EnumEncoding): Json {
  const response = op["response"];
  if (encoding === "string" || !isObject(response)) return op;
  const spec = collectionOfTypeUrl(response["@type"]);
  if (spec === undefined) return op;
  return { ...op, response: encodeResourceEnums(spec.kind, response, encoding) };
}
