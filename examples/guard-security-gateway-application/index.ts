// Guard a BeyondCorp SecurityGatewayApplication and its SecurityGateway, both managed by
// @pulumi/gcp. The guard depends on the application (which depends on the gateway), so
// `pulumi destroy` deletes the guard first: it cancels every in-flight operation whose target is
// the gateway or the application (a create, an update, a hub or upstream change...) and waits until
// each is terminal. Only then does Pulumi delete the application, and then the gateway.
//
// The targets are written with the project id (`gateway.id` and `application.id` are
// `projects/<project id>/...`). Google may write an operation's `metadata.target` with the project
// number instead; the watch matches either form, because every operation listed under the parent
// belongs to the parent's project.
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { OperationCanceller } from "beyondcorp-ops";

const project = gcp.config.project ?? new pulumi.Config("gcp").require("project");

const gateway = new gcp.beyondcorp.SecurityGateway("gateway", {
  securityGatewayId: "example-gateway",
  displayName: "Example security gateway",
  hubs: [{ region: "us-central1" }],
});

const application = new gcp.beyondcorp.SecurityGatewayApplication("application", {
  securityGatewayId: gateway.securityGatewayId,
  applicationId: "example-app",
  displayName: "Example application",
  endpointMatchers: [{ hostname: "app.example.com", ports: [443] }],
});

export const guard = new OperationCanceller(
  "application-guard",
  {
    // Every in-flight operation on the gateway or the application, resolved again at each update
    // and at destroy. Each resolution prints one `[beyondcorp] watch …` line saying what it saw.
    watches: [{ parent: `projects/${project}/locations/global`, targets: [gateway.id, application.id] }],
    timeout: "20m",
  },
  { dependsOn: [application] },
);

export const gatewayId = gateway.id;
export const applicationId = application.id;
export const guardedOperations = guard.trackedOperations;
