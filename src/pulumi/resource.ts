import * as pulumi from "@pulumi/pulumi";
import type { ApiVersion } from "../lro/names";
import type { Outcome } from "../lro/outcomes";
import { createProvider } from "./provider";
import type { OperationState } from "./outputs";
import type { CancelUnsupportedPolicy, DeletePolicy } from "../options/spec";

/** "Every in-flight operation under `parent` whose metadata target is one of `targets` (and/or matching `filter`)." */
export interface WatchArgs {
  /** `projects/{p}/locations/{l}` or `organizations/{o}/locations/{l}`. */
  parent: pulumi.Input<string>;
  /** Resource names, e.g. a SecurityGateway's `id`. */
  targets?: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra AIP-160 filter, ANDed with `done=false` and the targets. */
  filter?: pulumi.Input<string>;
}

export interface OperationCancellerArgs {
  /** Explicit operation names (org or project; `v1alpha/` prefix or `apiVersion` for v1alpha). */
  operations?: pulumi.Input<pulumi.Input<string>[]>;
  /** Watches resolved at create, update and delete. */
  watches?: pulumi.Input<pulumi.Input<WatchArgs>[]>;
  /** When this value changes (from one value to another), `pulumi up` cancels every tracked operation. */
  trigger?: pulumi.Input<string>;
  /** On destroy: cancel and wait, wait without cancelling, or abandon. @default "cancel" */
  onDelete?: pulumi.Input<DeletePolicy>;
  /** When the server cannot cancel (UNIMPLEMENTED). @default "wait" */
  onCancelUnsupported?: pulumi.Input<CancelUnsupportedPolicy>;
  /** Outcomes that fail the step. @default ["TIMED_OUT", "ERROR"] */
  failOn?: pulumi.Input<Outcome[]>;
  /** Our own deadline for one update or destroy (Pulumi's customTimeouts do not reach dynamic providers). @default "20m" */
  timeout?: pulumi.Input<string>;
  /** @default "250ms" */
  pollInitialDelay?: pulumi.Input<string>;
  /** @default "10s" */
  pollMaxDelay?: pulumi.Input<string>;
  /** @default 1.3 */
  pollMultiplier?: pulumi.Input<number>;
  /** @default "v1" */
  apiVersion?: pulumi.Input<ApiVersion>;
  /** Default: `gcp:beyondcorpCustomEndpoint`, then GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT, then https://beyondcorp.googleapis.com */
  endpoint?: pulumi.Input<string>;
  /** Credentials JSON contents or path. Stored as a secret. Default: `gcp:credentials`, then the environment / ADC. */
  credentials?: pulumi.Input<string>;
  /** OAuth2 access token. Stored as a secret. Default: `gcp:accessToken`, then GOOGLE_OAUTH_ACCESS_TOKEN. */
  accessToken?: pulumi.Input<string>;
  /** Default: `gcp:impersonateServiceAccount`, then GOOGLE_IMPERSONATE_SERVICE_ACCOUNT. */
  impersonateServiceAccount?: pulumi.Input<string>;
  /** Sent as x-goog-user-project. Default: `gcp:billingProject`, then GOOGLE_BILLING_PROJECT. */
  quotaProject?: pulumi.Input<string>;
}

/**
 * Guards BeyondCorp long-running operations: on `pulumi up` it cancels operations that are no
 * longer tracked (or all, when `trigger` changes); on `pulumi destroy` it cancels every tracked
 * and watched in-flight operation and waits until each is terminal.
 */
export class OperationCanceller extends pulumi.dynamic.Resource {
  /** Normalized names of the tracked operations (`v1/...`). */
  declare readonly trackedOperations: pulumi.Output<string[]>;
  /** Per operation: state, outcome, error and timing. */
  declare readonly operationStates: pulumi.Output<Record<string, OperationState>>;
  declare readonly lastRun: pulumi.Output<{
    action: string;
    at: string;
    elapsedMs: number;
    requests: number;
    outcomes: Record<string, number>;
  }>;

  constructor(name: string, args: OperationCancellerArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: Record<string, unknown> = {
      ...args,
      ...(args.credentials !== undefined ? { credentials: pulumi.secret(args.credentials) } : {}),
      ...(args.accessToken !== undefined ? { accessToken: pulumi.secret(args.accessToken) } : {}),
      trackedOperations: undefined,
      operationStates: undefined,
      lastRun: undefined,
    };
    super(
      createProvider(),
      name,
      inputs,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentials", "accessToken"],
      },
      "beyondcorp-ops",
      "OperationCanceller",
    );
  }
}
