import type { ApiResult } from "../http-io";
import { renderOperation, type OperationRecord } from "../operation-record";
import { checkRequestId, requestFingerprint } from "../request-ids";
import type { EmulatorState } from "../state";
import type { QueryParams } from "../wire/query-params";

/** One create, update or delete request, as the resource methods see it. */
export interface MutationRequest {
  readonly state: EmulatorState;
  readonly method: string;
  readonly path: string;
  readonly params: QueryParams;
  readonly body: unknown;
}

/**
 * Run a method that starts an LRO, with what every such BeyondCorp method shares:
 * - `requestId` (AIP-155): a retry of the same request gets the operation the first one started,
 *   even if the resource has changed since (so no 409 for a retried create);
 * - `validateOnly`: `start(true)` validates everything and returns an operation that is already
 *   done with the answer the real run would give; nothing is stored, so a later GET of it is 404.
 * The request reads the clock once: `start` stamps the operation with the time it is rendered at.
 */
export function runMutation(
  req: MutationRequest,
  start: (dryRun: boolean, nowMs: number) => OperationRecord,
): ApiResult {
  const { state, params } = req;
  const nowMs = state.now();
  const raw = params.str("requestId");
  const requestId = raw === undefined ? undefined : checkRequestId(raw);
  const fingerprint = requestFingerprint(req.method, req.path, params.entries(), req.body);
  const prior = requestId === undefined ? undefined : state.requestIds.find(requestId, fingerprint, nowMs);
  if (prior !== undefined) return { status: 200, body: renderOperation(prior, nowMs, params.enumEncoding) };
  const dryRun = params.bool("validateOnly");
  const op = start(dryRun, nowMs);
  if (!dryRun && requestId !== undefined) state.requestIds.remember(requestId, fingerprint, op, nowMs);
  return { status: 200, body: renderOperation(op, nowMs, params.enumEncoding) };
}
