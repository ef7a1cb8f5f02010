import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fallback } from "google-gax";

/** The HTTP bindings BeyondCorp's generated clients give google.longrunning.Operations. */
export const BEYONDCORP_LRO_HTTP_RULES = [
  {
    selector: "google.longrunning.Operations.GetOperation",
    get: "/v1/{name=projects/*/locations/*/operations/*}",
  },
  {
    selector: "google.longrunning.Operations.ListOperations",
    get: "/v1/{name=projects/*/locations/*}/operations",
  },
  {
    selector: "google.longrunning.Operations.CancelOperation",
    post: "/v1/{name=projects/*/locations/*/operations/*}:cancel",
    body: "*",
  },
  {
    selector: "google.longrunning.Operations.DeleteOperation",
    delete: "/v1/{name=projects/*/locations/*/operations/*}",
  },
];

const ts = (id: number) => ({ type: "google.protobuf.Timestamp", id });

/**
 * google-gax's operations protos plus the message types the emulator packs into `Any`
 * (REST fallback decodes `metadata` and `response` and fails on unknown `@type`s).
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
          },
        },
        cloud: {
          nested: {
            beyondcorp: {
              nested: {
                appconnectors: {
                  nested: {
                    v1: {
                      nested: {
                        AppConnectorOperationMetadata: {
                          fields: {
                            createTime: ts(1),
                            endTime: ts(2),
                            target: { type: "string", id: 3 },
                            verb: { type: "string", id: 4 },
                            statusMessage: { type: "string", id: 5 },
                            requestedCancellation: { type: "bool", id: 6 },
                            apiVersion: { type: "string", id: 7 },
                          },
                        },
                        AppConnector: {
                          fields: { name: { type: "string", id: 1 }, displayName: { type: "string", id: 5 } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  return root;
}
