/** How PATCH works on a collection (AIP-134). */
export interface UpdateSpec {
  /** Whether `updateMask` must name at least one path (app connectors and connections). */
  readonly maskRequired: boolean;
  /**
   * Top-level fields a mask may name. `"writable"` = every field that is not output only (Google
   * documents "mutable fields include: …" for security gateways and applications, an open list).
   */
  readonly mutable: readonly string[] | "writable";
  /** The method also takes `allowMissing` (create when the resource does not exist). */
  readonly allowMissing: boolean;
}

/** A BeyondCorp resource collection the emulator serves, and the proto package behind it. */
export interface CollectionSpec {
  /** URL collection segment, e.g. `appConnectors`. */
  readonly collection: string;
  /** Collection segment of the parent resource for nested collections, e.g. `securityGateways`. */
  readonly parentCollection: string | undefined;
  /** Proto package segment, e.g. `appconnectors`. */
  readonly service: ServiceName;
  /** Proto message name, e.g. `AppConnector`. */
  readonly kind: string;
  /** Query parameter that carries the new resource's id on create (optional: generated when absent). */
  readonly idParam: string;
  /** `state` value of a resource whose create finished; undefined = the message has no `state`. */
  readonly readyState: string | undefined;
  /** PATCH support; undefined = the collection has no update method (app gateways). */
  readonly update: UpdateSpec | undefined;
  /** Methods that take `validateOnly`. */
  readonly validateOnly: readonly ("create" | "update" | "delete")[];
  /** Output-only fields: dropped from request bodies, refused in update masks. */
  readonly outputOnly: readonly string[];
}

export const SERVICES = ["appconnectors", "appgateways", "appconnections", "securitygateways"] as const;
export type ServiceName = (typeof SERVICES)[number];

const COMMON_OUTPUT_ONLY = ["name", "createTime", "updateTime", "uid", "state"];

export const COLLECTIONS: readonly CollectionSpec[] = [
  {
    collection: "appConnectors",
    parentCollection: undefined,
    service: "appconnectors",
    kind: "AppConnector",
    idParam: "appConnectorId",
    readyState: "CREATED",
    update: { maskRequired: true, mutable: ["labels", "displayName"], allowMissing: false },
    validateOnly: ["create", "update", "delete"],
    outputOnly: [...COMMON_OUTPUT_ONLY, "resourceInfo"],
  },
  {
    collection: "appGateways",
    parentCollection: undefined,
    service: "appgateways",
    kind: "AppGateway",
    idParam: "appGatewayId",
    readyState: "CREATED",
    update: undefined,
    validateOnly: ["create", "delete"],
    outputOnly: [...COMMON_OUTPUT_ONLY, "uri", "allocatedConnections", "satisfiesPzs", "satisfiesPzi"],
  },
  {
    collection: "appConnections",
    parentCollection: undefined,
    service: "appconnections",
    kind: "AppConnection",
    idParam: "appConnectionId",
    readyState: "CREATED",
    update: {
      maskRequired: true,
      mutable: ["labels", "displayName", "applicationEndpoint", "connectors"],
      allowMissing: true,
    },
    validateOnly: ["create", "update", "delete"],
    outputOnly: [...COMMON_OUTPUT_ONLY, "satisfiesPzs", "satisfiesPzi"],
  },
  {
    collection: "securityGateways",
    parentCollection: undefined,
    service: "securitygateways",
    kind: "SecurityGateway",
    idParam: "securityGatewayId",
    readyState: "RUNNING",
    update: { maskRequired: false, mutable: "writable", allowMissing: false },
    validateOnly: ["delete"],
    outputOnly: [...COMMON_OUTPUT_ONLY, "externalIps", "delegatingServiceAccount"],
  },
  {
    collection: "applications",
    parentCollection: "securityGateways",
    service: "securitygateways",
    kind: "Application",
    idParam: "applicationId",
    readyState: undefined,
    update: { maskRequired: false, mutable: "writable", allowMissing: false },
    validateOnly: ["delete"],
    outputOnly: COMMON_OUTPUT_ONLY,
  },
];

/** Used when the service cannot be derived from an operation's target. */
export const DEFAULT_SERVICE: ServiceName = "securitygateways";

/** The collection at `segment`, under `parentCollection` for nested ones (undefined = top level). */
export function collectionBySegment(segment: string, parentCollection?: string): CollectionSpec | undefined {
  return COLLECTIONS.find((c) => c.collection === segment && c.parentCollection === parentCollection);
}

/** The top-level collection of a service: its kind names the `*OperationMetadata` message. */
export function collectionByService(service: ServiceName): CollectionSpec {
  const found = COLLECTIONS.find((c) => c.service === service && c.parentCollection === undefined);
  if (found === undefined) throw new Error(`unknown service ${service}`);
  return found;
}

/** The collection a target such as `projects/p/locations/l/securityGateways/s/applications/a` is in. */
export function collectionOfTarget(target: string | undefined): CollectionSpec | undefined {
  if (target === undefined) return undefined;
  const segments = target.split("/");
  // Names alternate collection/id after `…/locations/{loc}`: the collection is the second-to-last segment.
  const last = segments.length >= 2 ? segments[segments.length - 2] : undefined;
  const parent = segments.length >= 4 ? segments[segments.length - 4] : undefined;
  if (last === undefined) return undefined;
  return collectionBySegment(last, parent) ?? collectionBySegment(last);
}

/** Derive the service from a target such as `projects/p/locations/l/appConnectors/x`. */
export function serviceOfTarget(target: string | undefined): ServiceName {
  if (target === undefined) return DEFAULT_SERVICE;
  const found =
    collectionOfTarget(target) ??
    COLLECTIONS.find((c) => target.includes(`/${c.collection}/`) || target.endsWith(`/${c.collection}`));
  return found?.service ?? DEFAULT_SERVICE;
}

export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === "string" && (SERVICES as readonly string[]).includes(value);
}

/** `type.googleapis.com/google.cloud.beyondcorp.<service>.<version>.<Message>` */
export function typeUrl(service: ServiceName, version: string, message: string): string {
  return `type.googleapis.com/google.cloud.beyondcorp.${service}.${version}.${message}`;
}

/** The collection whose resource message a `@type` URL names (any version). */
export function collectionOfTypeUrl(type: unknown): CollectionSpec | undefined {
  if (typeof type !== "string") return undefined;
  const m = /^type\.googleapis\.com\/google\.cloud\.beyondcorp\.([a-z]+)\.[a-z0-9]+\.([A-Za-z]+)$/.exec(type);
  if (m === null) return undefined;
  return COLLECTIONS.find((c) => c.service === m[1] && c.kind === m[2]);
}
