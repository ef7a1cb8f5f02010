export { OperationCanceller, type OperationCancellerArgs, type WatchArgs } from "./pulumi/resource";
export type { OperationState, CancellerOutputs } from "./pulumi/runtime";
export type { DeletePolicy } from "./pulumi/inputs";
export {
  OperationsClient,
  type ClientDeps,
  type CallContext,
  type ListOptions,
  type RetryEvent,
} from "./client/operations-client";
export { cancelAndWait, type WaitReport, type WaitDeps, type ProgressEvent } from "./wait/waiter";
export { resolveWatch, watchFilter, type Watch } from "./wait/watch";
export { OUTCOMES, OUTCOME_NAMES, type Outcome, type OperationResult, type Ending } from "./lro/outcomes";
export { BeyondCorpError, type ErrorCode } from "./core/errors";
export { RPC_CODES, type RpcStatusName } from "./core/rpc-codes";
export { RETRY_POLICY, NEVER_RETRIED } from "./client/retry-policy";
export { systemClock, type Clock } from "./core/clock";
export { backoffDelay, parseDurationMillis, parseRetryAfter, type BackoffSchedule } from "./core/backoff";
export * from "./lro/names";
export * from "./options/options";
