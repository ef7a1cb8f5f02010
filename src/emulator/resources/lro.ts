import type { CollectionSpec } from "../collections";
import { targetInForm } from "../config";
import type { OperationRecord, ResponseBuilder } from "../operation-record";
import type { ApiVersion } from "../route-parse";
import { newOperationId, type EmulatorState } from "../state";

/** What a resource method's LRO is about. */
export interface LroTarget {
  /** Where the operation lives: `projects/{p}/locations/{l}`. */
  readonly location: string;
  readonly spec: CollectionSpec;
  readonly target: string;
  readonly verb: "create" | "update" | "delete";
  readonly version: ApiVersion;
  readonly response: ResponseBuilder;
}

/**
 * A resource-method LRO, timed by the emulator-wide config. A dry run (`validateOnly`) is done at
 * once with the response the real run would have.
 */
export function lroRecord(
  state: EmulatorState,
  t: LroTarget,
  nowMs: number,
  dryRun: boolean,
): OperationRecord {
  const c = state.config;
  return {
    name: `${t.location}/operations/${newOperationId(nowMs)}`,
    parent: t.location,
    service: t.spec.service,
    target: targetInForm(c, t.target),
    verb: t.verb,
    createdAtMs: nowMs,
    doneAfterMs: dryRun ? 0 : (c.lroDoneAfterMs ?? undefined),
    result: "success",
    errorCode: 13,
    errorMessage: undefined,
    onCancel: c.onCancel,
    cancelDelayMs: c.cancelDelayMs,
    failCode: c.failCode,
    goneAfterMs: undefined,
    statusMessage: undefined,
    apiVersion: t.version,
    response: t.response,
    cancelRequestedAtMs: undefined,
    cancelCount: 0,
    deletedAtMs: undefined,
  };
}
