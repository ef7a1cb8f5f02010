import { invalidArgument } from "../api-error";
import type { CollectionSpec } from "../collections";
import { Fields } from "../validate";
import { normalizeRequestEnums } from "../wire/enums";

type Json = Record<string, unknown>;

/**
 * The writable fields of a resource request body: an object, enums normalised to names, output-only
 * fields dropped (Google ignores them on input). `name`, when given, must be the resource's.
 */
export function writableFields(spec: CollectionSpec, body: unknown, name?: string): Json {
  Fields.of(body, spec.kind);
  const fields = structuredClone((body ?? {}) as Json);
  const given = fields["name"];
  if (name !== undefined && given !== undefined && given !== "" && given !== name) {
    throw invalidArgument("name", `"${String(given)}" does not match the URL's "${name}"`);
  }
  for (const key of spec.outputOnly) delete fields[key];
  normalizeRequestEnums(spec, fields);
  return fields;
}

/** Fields a resource must have, checked on the fields it would have after the request. */
export function checkRequired(spec: CollectionSpec, fields: Json): void {
  if (spec.collection === "appConnectors") {
    const email = Fields.of(fields, spec.kind)
      .nested("principalInfo")
      ?.nested("serviceAccount")
      ?.str("email");
    if (email === undefined || email === "") {
      throw invalidArgument("principalInfo.serviceAccount.email", "is required");
    }
  }
}
