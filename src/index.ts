// The library's public surface, by name. README "API" documents each export.
export { OperationCanceller, type OperationCancellerArgs, type WatchArgs } from "./pulumi/resource";
export type { OperationState, CancellerOutputs, LastRun } from "./pulumi/outputs";
export {
  OperationsClient,
  type ClientDeps,
  type CallContext,
  type ListOptions,
  type ListPage,
  type RetryEvent,
} from "./client/operations-client";
export { cancelAndWait, type WaitReport, type WaitDeps } from "./wait/waiter";
export type { ProgressEvent, WatchEvent, WatchListing } from "./wait/progress";
export { resolveWatch, watchFilter, type Watch, type WatchDeps } from "./wait/watch";
export {
  OUTCOMES,
  OUTCOME_NAMES,
  type Outcome,
  type OperationResult,
  type Ending,
  type ResultError,
} from "./lro/outcomes";
export type { Operation } from "./lro/operation";
export { BeyondCorpError, type ErrorCode } from "./core/errors";
export { RPC_CODES, type RpcStatusName } from "./core/rpc-codes";
export { RETRY_POLICY, NEVER_RETRIED, type Call } from "./client/retry-policy";
export { systemClock, type Clock } from "./core/clock";
export { backoffDelay, type BackoffSchedule } from "./core/backoff";
export { parseDurationMillis } from "./core/duration";
export {
  API_VERSIONS,
  parseOperationName,
  parseLocationName,
  formatOperation,
  formatLocation,
  versionedName,
  type ApiVersion,
  type OperationName,
  type LocationName,
} from "./lro/names";
export { OPTIONS, type OptionName, type CancelUnsupportedPolicy, type DeletePolicy } from "./options/spec";
export type { ConnectionOptions } from "./options/connection";
export type { WaitOptions } from "./options/wait";
export {
  DEFAULT_ENDPOINT,
  DEFAULT_POLL,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MILLIS,
  DEFAULT_FAIL_ON,
  DEFAULT_ON_CANCEL_UNSUPPORTED,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MILLIS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_PAGES,
  DEFAULT_PAGE_SIZE,
  CLOUD_PLATFORM_SCOPE,
} from "./options/defaults";
