import { NAME_RULES } from "../lro/names";
import { invalidArgument } from "./api-error";
import { collectionBySegment, type CollectionSpec } from "./collections";

export type ApiVersion = "v1" | "v1alpha";

/**
 * A recognised BeyondCorp API path (names never carry the version prefix). For resources, `parent`
 * is the parent resource (a location, or a security gateway for applications) and `location` is
 * where their operations live.
 */
export type ApiRoute =
  | { kind: "operation"; version: ApiVersion; name: string; parent: string }
  | { kind: "cancel"; version: ApiVersion; name: string; parent: string }
  | { kind: "operations"; version: ApiVersion; parent: string }
  | { kind: "collection"; version: ApiVersion; parent: string; location: string; spec: CollectionSpec }
  | {
      kind: "resource";
      version: ApiVersion;
      parent: string;
      location: string;
      spec: CollectionSpec;
      name: string;
      id: string;
    };

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
  const [version, kind, container, locations, location, ...rest] = segments;
  if (version !== "v1" && version !== "v1alpha") return undefined;
  if (kind !== "organizations" && kind !== "projects") return undefined;
  if (locations !== "locations" || container === undefined || location === undefined) return undefined;
  if (rest.length === 0 || container === "" || location === "") return undefined;
  checkParent(kind, container, location);
  const parent = `${kind}/${container}/locations/${location}`;
  const [collection, last] = rest;
  if (collection === "operations") {
    if (rest.length > 2) return undefined;
    if (last === undefined) return { kind: "operations", version, parent };
    const cancel = last.endsWith(":cancel");
    const id = cancel ? last.slice(0, -":cancel".length) : last;
    checkOperationId(id);
    const name = `${parent}/operations/${id}`;
    return cancel ? { kind: "cancel", version, name, parent } : { kind: "operation", version, name, parent };
  }
  if (kind !== "projects" || rest.length > 4) return undefined;
  // Collection/id pairs: `appConnectors/{id}`, or `securityGateways/{id}/applications/{id}`.
  let owner = parent;
  let spec: CollectionSpec | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    spec = collectionBySegment(rest[i] as string, i === 0 ? undefined : rest[i - 2]);
    if (spec === undefined) return undefined;
    const id = rest[i + 1];
    if (id === undefined) return { kind: "collection", version, parent: owner, location: parent, spec };
    if (!RESOURCE_ID.test(id)) {
      throw invalidArgument("name", `resource id "${id}" must match [a-z]([a-z0-9-]{0,61}[a-z0-9])?`);
    }
    if (i + 2 >= rest.length) {
      const name = `${owner}/${spec.collection}/${id}`;
      return { kind: "resource", version, parent: owner, location: parent, spec, name, id };
    }
    owner = `${owner}/${spec.collection}/${id}`;
  }
  return undefined;
}

/** Validate a new resource id from the create request's `{idParam}` query parameter. */
export function checkResourceId(id: string, field: string): string {
  if (!RESOURCE_ID.test(id))
    throw invalidArgument(field, `"${id}" must match [a-z]([a-z0-9-]{0,61}[a-z0-9])?`);
  return id;
}
