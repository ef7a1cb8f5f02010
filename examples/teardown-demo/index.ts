// The teardown demo: guard a set of in-flight BeyondCorp operations plus everything in flight on a
// security gateway. `pulumi destroy` cancels them all and waits until each one is terminal.
import * as pulumi from "@pulumi/pulumi";
import { OperationCanceller } from "beyondcorp-ops";

const config = new pulumi.Config();
const parent = config.get("parent") ?? "projects/demo-project/locations/global";
const gateway = config.get("gateway");

const guard = new OperationCanceller("teardown-guard", {
  operations: config.getObject<string[]>("operations") ?? [],
  ...(gateway ? { watches: [{ parent, targets: [gateway] }] } : {}),
  ...(config.get("trigger") ? { trigger: config.get("trigger") } : {}),
  ...(config.get("timeout") ? { timeout: config.get("timeout") } : {}),
  ...(config.get("onDelete") ? { onDelete: config.get("onDelete") as "cancel" | "wait" | "abandon" } : {}),
  ...(config.get("endpoint") ? { endpoint: config.get("endpoint") } : {}),
  ...(config.getSecret("accessToken") ? { accessToken: config.requireSecret("accessToken") } : {}),
  pollInitialDelay: config.get("pollInitialDelay") ?? "100ms",
  pollMaxDelay: config.get("pollMaxDelay") ?? "1s",
});

export const tracked = guard.trackedOperations;
export const states = guard.operationStates;
