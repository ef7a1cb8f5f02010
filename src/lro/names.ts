import { invalidInput } from "../core/errors";

/** API versions that serve the BeyondCorp operations API. */
export const API_VERSIONS = ["v1", "v1alpha"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
/** @default "v1" */
export const DEFAULT_API_VERSION: ApiVersion = "v1";

export type ContainerKind = "organizations" | "projects";

/** A validated `{organizations|projects}/{id}/locations/{loc}` parent. */
export interface LocationName {
  readonly kind: ContainerKind;
  readonly container: string;
  readonly location: string;
  readonly apiVersion: ApiVersion;
}

/** A validated `…/locations/{loc}/operations/{id}` name. */
export interface OperationName extends LocationName {
  readonly operation: string;
}

/**
 * The character rules. Every accepted segment is made of characters that need no percent-encoding
 * in a URL path, so an accepted name can never change the request's path, query or host.
 */
export const NAME_RULES = {
  organization: /^[0-9]{1,20}$/,
  project:
    /^(?:[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20}|[a-z][a-z0-9.-]{0,62}:[a-z][a-z0-9-]{4,28}[a-z0-9])$/,
  location: /^[a-z][a-z0-9-]{0,62}$/,
  operation: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/,
} as const;

const RULE_TEXT = {
  organization: "an organization id is 1-20 digits",
  project:
    "a project id is 6-30 lowercase letters, digits or hyphens starting with a letter, or a project number",
  location: "a location is a lowercase letter followed by up to 62 lowercase letters, digits or hyphens",
  operation:
    "an operation id is 1-200 letters, digits, '-', '_' or '.', starting with a letter or digit, without '..'",
} as const;

interface ParseOptions {
  /** Version used when the input has no `v1/` or `v1alpha/` prefix. @default "v1" */
  apiVersion?: ApiVersion;
  /** Field name used in error messages. @default "name" */
  field?: string;
}

function splitVersion(input: string, fallback: ApiVersion): { rest: string; apiVersion: ApiVersion } {
  for (const v of API_VERSIONS) {
    if (input.startsWith(`${v}/`)) return { rest: input.slice(v.length + 1), apiVersion: v };
  }
  return { rest: input, apiVersion: fallback };
}

function checkCommon(input: unknown, field: string, shape: string): string {
  if (typeof input !== "string") throw invalidInput(field, `must be a string of the form ${shape}`, input);
  if (input.length === 0) throw invalidInput(field, `must not be empty; expected ${shape}`);
  if (input.length > 1024) throw invalidInput(field, "must be at most 1024 characters");
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(input)) {
    throw invalidInput(field, "must not contain whitespace or control characters", input);
  }
  if (/[?#%\\]/.test(input)) throw invalidInput(field, "must not contain '?', '#', '%' or '\\'", input);
  if (input.startsWith("/") || input.endsWith("/") || input.includes("//")) {
    throw invalidInput(field, `must not have empty segments; expected ${shape}`, input);
  }
  return input;
}

function parseContainer(
  segments: string[],
  field: string,
  input: string,
  shape: string,
): { kind: ContainerKind; container: string; location: string } {
  const [kind, container, locations, location] = segments;
  if (kind !== "organizations" && kind !== "projects") {
    throw invalidInput(field, `must start with organizations/ or projects/; expected ${shape}`, input);
  }
  if (locations !== "locations") throw invalidInput(field, `wrong collection; expected ${shape}`, input);
  const rule = kind === "organizations" ? "organization" : "project";
  if (container === undefined || !NAME_RULES[rule].test(container)) {
    throw invalidInput(field, RULE_TEXT[rule], input);
  }
  if (location === undefined || !NAME_RULES.location.test(location)) {
    throw invalidInput(field, RULE_TEXT.location, input);
  }
  return { kind, container, location };
}

const OP_SHAPE = "{organizations|projects}/{id}/locations/{location}/operations/{operation}";
const PARENT_SHAPE = "{organizations|projects}/{id}/locations/{location}";

/** Parse and validate an operation name, optionally prefixed with `v1/` or `v1alpha/`. */
export function parseOperationName(input: unknown, options: ParseOptions = {}): OperationName {
  const field = options.field ?? "name";
  const text = checkCommon(input, field, OP_SHAPE);
  const { rest, apiVersion } = splitVersion(text, options.apiVersion ?? DEFAULT_API_VERSION);
  const segments = rest.split("/");
  if (segments.length !== 6) throw invalidInput(field, `must have 6 segments: ${OP_SHAPE}`, text);
  const base = parseContainer(segments, field, text, OP_SHAPE);
  if (segments[4] !== "operations") throw invalidInput(field, `wrong collection; expected ${OP_SHAPE}`, text);
  const operation = segments[5] ?? "";
  if (!NAME_RULES.operation.test(operation) || operation.includes("..")) {
    throw invalidInput(field, RULE_TEXT.operation, text);
  }
  return { ...base, operation, apiVersion };
}

/** Parse and validate a `…/locations/{loc}` parent, optionally prefixed with `v1/` or `v1alpha/`. */
export function parseLocationName(input: unknown, options: ParseOptions = {}): LocationName {
  const field = options.field ?? "parent";
  const text = checkCommon(input, field, PARENT_SHAPE);
  const { rest, apiVersion } = splitVersion(text, options.apiVersion ?? DEFAULT_API_VERSION);
  const segments = rest.split("/");
  if (segments.length !== 4) throw invalidInput(field, `must have 4 segments: ${PARENT_SHAPE}`, text);
  return { ...parseContainer(segments, field, text, PARENT_SHAPE), apiVersion };
}

/** `organizations/1/locations/global` (no version prefix). */
export function formatLocation(name: LocationName): string {
  return `${name.kind}/${name.container}/locations/${name.location}`;
}

/** `organizations/1/locations/global/operations/op` (no version prefix). */
export function formatOperation(name: OperationName): string {
  return `${formatLocation(name)}/operations/${name.operation}`;
}

/** `v1/organizations/1/locations/global/operations/op`: the name with its version, as results report it. */
export function versionedName(name: OperationName): string {
  return `${name.apiVersion}/${formatOperation(name)}`;
}

/** The parent location of an operation. */
export function parentOf(name: OperationName): LocationName {
  return { kind: name.kind, container: name.container, location: name.location, apiVersion: name.apiVersion };
}

/** A stable key for grouping by parent and version. */
export function parentKey(name: LocationName): string {
  return `${name.apiVersion}/${formatLocation(name)}`;
}

/** The URL path of an operation, e.g. `/v1/projects/p/locations/l/operations/o`. */
export function operationPath(name: OperationName): string {
  return `/${name.apiVersion}/${segmentsOf(name).map(encodeURIComponent).join("/")}`;
}

/** The URL path of a parent's operations collection. */
export function operationsCollectionPath(parent: LocationName): string {
  const segs = [parent.kind, parent.container, "locations", parent.location, "operations"];
  return `/${parent.apiVersion}/${segs.map(encodeURIComponent).join("/")}`;
}

function segmentsOf(name: OperationName): string[] {
  return [name.kind, name.container, "locations", name.location, "operations", name.operation];
}
