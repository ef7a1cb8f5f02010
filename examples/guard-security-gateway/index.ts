// Guard a BeyondCorp SecurityGateway managed by @pulumi/gcp. The guard depends on the gateway, so
// `pulumi destroy` deletes the guard first: it cancels every in-flight operation whose target is the
// gateway (a create, an update, a hub change...) and waits until each is terminal. Only then does
// Pulumi run the gateway's own delete, which no longer races in-flight work.
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { OperationCanceller } from "beyondcorp-ops";

const project = gcp.config.project ?? new pulumi.Config("gcp").require("project");

const gateway = new gcp.beyondcorp.SecurityGateway("gateway", {
  securityGatewayId: "example-gateway",
  displayName: "Example security gateway",
  hubs: [{ region: "us-central1" }],
});

export const guard = new OperationCanceller(
  "gateway-guard",
  {
    // Every in-flight operation on the gateway, resolved again at each update and at destroy.
    watches: [{ parent: `projects/${project}/locations/global`, targets: [gateway.id] }],
    timeout: "20m",
  },
  { dependsOn: [gateway] },
);

export const gatewayId = gateway.id;
export const guardedOperations = guard.trackedOperations;
