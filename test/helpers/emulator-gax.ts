import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fallback } from "google-gax";

type Version = "v1" | "v1alpha";

/** The HTTP bindings BeyondCorp's generated clients give google.longrunning.Operations. */
export function beyondcorpLroHttpRules(version: Version = "v1") {
  const op = (c: string) => `/${version}/{name=${c}/*/locations/*/operations/*}`;
  const parent = (c: string) => `/${version}/{name=${c}/*/locations/*}/operations`;
  return [
    {
      selector: "google.longrunning.Operations.GetOperation",
      get: op("projects"),
      additional_bindings: [{ get: op("organizations") }],
    },
    {
      selector: "google.longrunning.Operations.ListOperations",
      get: parent("projects"),
      additional_bindings: [{ get: parent("organizations") }],
    },
    {
      selector: "google.longrunning.Operations.CancelOperation",
      post: `${op("projects")}:cancel`,
      body: "*",
      additional_bindings: [{ post: `${op("organizations")}:cancel`, body: "*" }],
    },
    {
      selector: "google.longrunning.Operations.DeleteOperation",
      delete: op("projects"),
      additional_bindings: [{ delete: op("organizations") }],
    },
  ];
}

/** The v1 project bindings alone. */
export const BEYONDCORP_LRO_HTTP_RULES = beyondcorpLroHttpRules("v1").map(
  ({ additional_bindings: _extra, ...rule }) => rule,
);

const ts = (id: number) => ({ type: "google.protobuf.Timestamp", id });
const str = (id: number) => ({ type: "string", id });
const COMMON = { name: str(1), createTime: ts(2), updateTime: ts(3), displayName: str(5), uid: str(6) };
const CONNECTOR_STATE = { STATE_UNSPECIFIED: 0, CREATING: 1, CREATED: 2, UPDATING: 3, DELETING: 4, DOWN: 5 };

function metadata(kind: string) {
  return {
    [`${kind}OperationMetadata`]: {
      fields: {
        createTime: ts(1),
        endTime: ts(2),
        target: str(3),
        verb: str(4),
        statusMessage: str(5),
        requestedCancellation: { type: "bool", id: 6 },
        apiVersion: str(7),
      },
    },
  };
}

const http = (verb: "post" | "patch", path: string, body: string) => ({
  options: { [`(google.api.http).${verb}`]: path, "(google.api.http).body": body },
  parsedOptions: [{ "(google.api.http)": { [verb]: path, body } }],
});

/** AppConnectionsService's create and update, enough for gax to send them over REST. */
function appConnectionsService(version: Version) {
  const connection = `/${version}/{app_connection.name=projects/*/locations/*/appConnections/*}`;
  return {
    AppConnectionsService: {
      methods: {
        CreateAppConnection: {
          requestType: "CreateAppConnectionRequest",
          responseType: "google.longrunning.Operation",
          ...http("post", `/${version}/{parent=projects/*/locations/*}/appConnections`, "app_connection"),
        },
        UpdateAppConnection: {
          requestType: "UpdateAppConnectionRequest",
          responseType: "google.longrunning.Operation",
          ...http("patch", connection, "app_connection"),
        },
      },
    },
    CreateAppConnectionRequest: {
      fields: {
        parent: str(1),
        appConnectionId: str(2),
        appConnection: { type: "AppConnection", id: 3 },
        requestId: str(4),
        validateOnly: { type: "bool", id: 5 },
      },
    },
    UpdateAppConnectionRequest: {
      fields: {
        updateMask: { type: "google.protobuf.FieldMask", id: 1 },
        appConnection: { type: "AppConnection", id: 2 },
        requestId: str(3),
        validateOnly: { type: "bool", id: 4 },
        allowMissing: { type: "bool", id: 5 },
      },
    },
  };
}

/** The `*OperationMetadata` and resource messages of every BeyondCorp service, for one version. */
function beyondcorpPackages(version: Version) {
  const v = (nested: Record<string, unknown>) => ({ nested });
  return {
    appconnectors: v({
      ...metadata("AppConnector"),
      State: { values: CONNECTOR_STATE },
      AppConnector: { fields: { ...COMMON, state: { type: "State", id: 7 } } },
    }),
    appgateways: v({ ...metadata("AppGateway"), AppGateway: { fields: COMMON } }),
    appconnections: v({
      ...metadata("AppConnection"),
      ...appConnectionsService(version),
      State: { values: CONNECTOR_STATE },
      Type: { values: { TYPE_UNSPECIFIED: 0, TCP_PROXY: 1 } },
      ApplicationEndpoint: { fields: { host: str(1), port: { type: "int32", id: 2 } } },
      AppConnection: {
        fields: {
          ...COMMON,
          type: { type: "Type", id: 7 },
          applicationEndpoint: { type: "ApplicationEndpoint", id: 8 },
          connectors: { rule: "repeated", type: "string", id: 9 },
          state: { type: "State", id: 10 },
        },
      },
    }),
    securitygateways: v({
      ...metadata("SecurityGateway"),
      State: { values: { STATE_UNSPECIFIED: 0, CREATING: 1, UPDATING: 2, DELETING: 3, RUNNING: 4 } },
      SecurityGateway: { fields: { ...COMMON, state: { type: "State", id: 7 } } },
      Application: { fields: COMMON },
    }),
  };
}

/**
 * google-gax's operations protos plus the BeyondCorp messages the emulator packs into `Any` (the
 * REST fallback decodes `metadata` and `response` and fails on unknown `@type`s), for v1 and
 * v1alpha, and the v1alpha/v1 AppConnectionsService create and update methods.
 */
export function beyondcorpProtoRoot(): InstanceType<typeof fallback.protobuf.Root> {
  const file = join(dirname(require.resolve("google-gax")), "..", "protos", "operations.json");
  const root = fallback.protobuf.Root.fromJSON(
    JSON.parse(readFileSync(file, "utf8")) as fallback.protobuf.INamespace,
  );
  root.addJSON({
    google: {
      nested: {
        protobuf: {
          nested: {
            Timestamp: { fields: { seconds: { type: "int64", id: 1 }, nanos: { type: "int32", id: 2 } } },
            FieldMask: { fields: { paths: { rule: "repeated", type: "string", id: 1 } } },
          },
        },
        cloud: { nested: { beyondcorp: { nested: {} } } },
      },
    },
  });
  const beyondcorp = root.lookup("google.cloud.beyondcorp") as InstanceType<
    typeof fallback.protobuf.Namespace
  >;
  for (const version of ["v1", "v1alpha"] as const) {
    for (const [service, json] of Object.entries(beyondcorpPackages(version))) {
      const nested = { [service]: { nested: { [version]: json } } };
      beyondcorp.addJSON(nested as unknown as Parameters<typeof beyondcorp.addJSON>[0]);
    }
  }
  return root;
}
