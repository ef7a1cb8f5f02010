/** A BeyondCorp resource collection the emulator serves, and the proto package behind it. */
export interface CollectionSpec {
  /** URL collection segment, e.g. `appConnectors`. */
  readonly collection: string;
  /** Proto package segment, e.g. `appconnectors`. */
  readonly service: ServiceName;
  /** Proto message name, e.g. `AppConnector`. */
  readonly kind: string;
  /** Query parameter that carries the new resource's id on create. */
  readonly idParam: string;
  /** `state` value of a resource whose create finished. */
  readonly readyState: string;
}

export const SERVICES = ["appconnectors", "appgateways", "appconnections", "securitygateways"] as const;
export type ServiceName = (typeof SERVICES)[number];

export const COLLECTIONS: readonly CollectionSpec[] = [
  {
    collection: "appConnectors",
    service: "appconnectors",
    kind: "AppConnector",
    idParam: "appConnectorId",
    readyState: "CREATED",
  },
  {
    collection: "appGateways",
    service: "appgateways",
    kind: "AppGateway",
    idParam: "appGatewayId",
    readyState: "CREATED",
  },
  {
    collection: "appConnections",
    service: "appconnections",
    kind: "AppConnection",
    idParam: "appConnectionId",
    readyState: "CREATED",
  },
  {
    collection: "securityGateways",
    service: "securitygateways",
    kind: "SecurityGateway",
    idParam: "securityGatewayId",
    readyState: "RUNNING",
  },
];

/** Used when the service cannot be derived from an operation's target. */
export const DEFAULT_SERVICE: ServiceName = "securitygateways";

export function collectionBySegment(segment: string): CollectionSpec | undefined {
  return COLLECTIONS.find((c) => c.collection === segment);
}

export function collectionByService(service: ServiceName): CollectionSpec {
  const found = COLLECTIONS.find((c) => c.service === service);
  if (found === undefined) throw new Error(`unknown service ${service}`);
  return found;
}

/** Derive the service from a target such as `projects/p/locations/l/appConnectors/x`. */
export function serviceOfTarget(target: string | undefined): ServiceName {
  if (target === undefined) return DEFAULT_SERVICE;
  const found = COLLECTIONS.find(
    (c) => target.includes(`/${c.collection}/`) || target.endsWith(`/${c.collection}`),
  );
  return found?.service ?? DEFAULT_SERVICE;
}

export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === "string" && (SERVICES as readonly string[]).includes(value);
}

/** `type.googleapis.com/google.cloud.beyondcorp.<service>.<version>.<Message>` */
export function typeUrl(service: ServiceName, version: string, message: string): string {
  return `type.googleapis.com/google.cloud.beyondcorp.${service}.${version}.${message}`;
}
