import { NAME_RULES } from "../lro/names";
import { invalidArgument } from "./api-error";
import { collectionBySegment, type CollectionSpec } from "./collections";

export type ApiVersion = "v1" | "v1alpha";

/** A recognised BeyondCorp API path (names never carry the version prefix). */
export type ApiRoute =
  | { kind: "operation"; version: ApiVersion; name: string; parent: string }
  | { kind: "cancel"; version: ApiVersion; name: string; parent: string }
  | { kind: "operations"; version: ApiVersion; parent: string }
  | { kind: "collection"; version: ApiVersion; parent: string; spec: CollectionSpec }
  | { kind: "resource"; version: ApiVersion; parent: string; spec: CollectionSpec; name: string; id: string };

const RESOURCE_ID = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

function checkParent(kind: string, container: string, location: string): void {
  if (kind === "organizations" && !NAME_RULES.organization.test(container)) {
    throw invalidArgument("name", `organization id "${container}" must be 1-20 digits`);
  }
  if (kind === "projects" && !NAME_RULES.project.test(container)) {
    throw invalidArgument("name", `project "${container}" is not a valid project id or number`);
  }
  if (!NAME_RULES.location.test(location)) {
    throw invalidArgument("name", `location "${location}" must match [a-z][a-z0-9-]*`);
  }
}

/** Validate an operation id (the last segment of an operation name). */
export function checkOperationId(id: string, field = "name"): void {
  if (!NAME_RULES.operation.test(id) || id.includes("..")) {
    throw invalidArgument(field, `operation id "${id}" must match [A-Za-z0-9][A-Za-z0-9_.-]*`);
  }
}

/**
 * Parse `/{v1|v1alpha}/{organizations|projects}/{id}/locations/{loc}/…`. Returns undefined for
 * paths that are not API routes; throws INVALID_ARGUMENT for API-shaped paths with bad segments.
 */
export function parseApiPath(pathname: string): ApiRoute | undefined {
  const segments = pathname.split("/").slice(1);
  const [version, kind, container, locations, location, collection, last, ...extra] = segments;
  if (version !== "v1" && version !== "v1alpha") return undefined;
  if (kind !== "organizations" && kind !== "projects") return undefined;
  if (locations !== "locations" || container === undefined || location === undefined) return undefined;
  if (collection === undefined || extra.length > 0 || container === "" || location === "") return undefined;
  checkParent(kind, container, location);
  const parent = `${kind}/${container}/locations/${location}`;
  if (collection === "operations") {
    if (last === undefined) return { kind: "operations", version, parent };
    const cancel = last.endsWith(":cancel");
    const id = cancel ? last.slice(0, -":cancel".length) : last;
    checkOperationId(id);
    const name = `${parent}/operations/${id}`;
    return cancel ? { kind: "cancel", version, name, parent } : { kind: "operation", version, name, parent };
  }
  const spec = collectionBySegment(collection);
  if (spec === undefined || kind !== "projects") return undefined;
  if (last === undefined) return { kind: "collection", version, parent, spec };
  if (!RESOURCE_ID.test(last)) {
    throw invalidArgument("name", `resource id "${last}" must match [a-z]([a-z0-9-]{0,61}[a-z0-9])?`);
  }
  return { kind: "resource", version, parent, spec, name: `${parent}/${spec.collection}/${last}`, id: last };
}

/** Validate a new resource id from the create request's `{idParam}` query parameter. */
export function checkResourceId(id: string | null, field: string): string {
  if (id === null || id === "") throw invalidArgument(field, "is required");
  if (!RESOURCE_ID.test(id))
    throw invalidArgument(field, `"${id}" must match [a-z]([a-z0-9-]{0,61}[a-z0-9])?`);
  return id;
}
