// Track explicit BeyondCorp operations (org or project, v1 or v1alpha). `pulumi destroy` cancels the
// ones still running and waits until each is terminal; removing a name from the list and running
// `pulumi up` cancels just that one.
import * as pulumi from "@pulumi/pulumi";
import { OperationCanceller } from "beyondcorp-ops";

const config = new pulumi.Config();

const guard = new OperationCanceller("operations-guard", {
  operations: config.requireObject<string[]>("operations"),
  onCancelUnsupported: "wait",
  failOn: ["TIMED_OUT", "ERROR", "FAILED"],
  timeout: "30m",
});

export const tracked = guard.trackedOperations;
export const states = guard.operationStates;
