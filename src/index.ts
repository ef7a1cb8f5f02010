export { OperationCanceller, type OperationCancellerArgs, type WatchArgs } from "./pulumi/resource";
export type { OperationState, CancellerOutputs } from "./pulumi/runtime";
export type { DeletePolicy } from "./pulumi/inputs";
export {
  OperationsClient,
  type ClientDeps,
  type CallContext,
  type ListOptions,
  type RetryEvent,
} from "./client";
export { cancelAndWait, type WaitReport, type WaitDeps, type ProgressEvent } from "./waiter";
export { resolveWatch, watchFilter, type Watch } from "./watch";
export { OUTCOMES, OUTCOME_NAMES, type Outcome, type OperationResult, type Ending } from "./outcomes";
export { BeyondCorpError, type ErrorCode } from "./errors";
export { RPC_CODES, type RpcStatusName } from "./rpc-codes";
export { RETRY_POLICY, NEVER_RETRIED } from "./retry";
export { systemClock, type Clock } from "./clock";
export { backoffDelay, parseDurationMillis, parseRetryAfter, type BackoffSchedule } from "./backoff";
export * from "./names";
export * from "./options";
