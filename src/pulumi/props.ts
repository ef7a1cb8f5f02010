import type { ApiVersion } from "../lro/names";
import type { Outcome } from "../lro/outcomes";
import type { CancelUnsupportedPolicy, DeletePolicy } from "../options/spec";

/** Plain (resolved) inputs as the provider receives them. Option keys and rules: options/spec.ts. */
export interface CancellerInputs {
  operations?: string[];
  watches?: Array<{ parent: string; targets?: string[]; filter?: string }>;
  trigger?: string;
  onDelete?: DeletePolicy;
  onCancelUnsupported?: CancelUnsupportedPolicy;
  failOn?: Outcome[];
  timeout?: string;
  pollInitialDelay?: string;
  pollMaxDelay?: string;
  pollMultiplier?: number;
  apiVersion?: ApiVersion;
  endpoint?: string;
  credentials?: string;
  accessToken?: string;
  impersonateServiceAccount?: string;
  quotaProject?: string;
}
