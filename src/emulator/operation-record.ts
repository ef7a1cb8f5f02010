import { collectionByService, typeUrl, type ServiceName } from "./collections";
import type { ApiVersion } from "./route-parse";
import { encodeOperationEnums, type EnumEncoding } from "./wire/enums";

export const ON_CANCEL = ["cancel", "complete", "fail", "unimplemented", "ignore"] as const;
/** What `:cancel` does to an operation. */
export type OnCancel = (typeof ON_CANCEL)[number];

/** Builds the `response` of a successful operation for the version being served. */
export type ResponseBuilder = (version: ApiVersion, doneAtMs: number) => Record<string, unknown>;

/** Everything the emulator knows about one operation; its state is derived lazily from the times. */
export interface OperationRecord {
  readonly name: string;
  readonly parent: string;
  readonly service: ServiceName;
  readonly target: string | undefined;
  readonly verb: string;
  readonly createdAtMs: number;
  /** Natural completion after this many ms; undefined = runs until cancelled. */
  readonly doneAfterMs: number | undefined;
  readonly result: "success" | "error";
  readonly errorCode: number;
  readonly errorMessage: string | undefined;
  readonly onCancel: OnCancel;
  readonly cancelDelayMs: number;
  readonly failCode: number;
  readonly goneAfterMs: number | undefined;
  readonly statusMessage: string | undefined;
  /** The version that started the operation; every rendering uses it. */
  readonly apiVersion: ApiVersion;
  readonly response: ResponseBuilder;
  cancelRequestedAtMs: number | undefined;
  cancelCount: number;
  deletedAtMs: number | undefined;
}

/** How an operation ends: when, and with a response or an error. */
export interface Outcome {
  readonly atMs: number;
  readonly error: { code: number; message: string } | undefined;
}

const CANCEL_MESSAGE = "Operation was cancelled";

function cancelOutcome(rec: OperationRecord): Outcome | undefined {
  if (rec.cancelRequestedAtMs === undefined) return undefined;
  const atMs = rec.cancelRequestedAtMs + rec.cancelDelayMs;
  switch (rec.onCancel) {
    case "cancel":
      return { atMs, error: { code: 1, message: CANCEL_MESSAGE } };
    case "complete":
      return { atMs, error: undefined };
    case "fail":
      return { atMs, error: { code: rec.failCode, message: "Operation failed while cancelling" } };
    default:
      return undefined;
  }
}

/** The earliest of natural completion and the cancel outcome (natural wins ties). */
export function outcomeOf(rec: OperationRecord): Outcome | undefined {
  const natural: Outcome | undefined =
    rec.doneAfterMs === undefined
      ? undefined
      : {
          atMs: rec.createdAtMs + rec.doneAfterMs,
          error:
            rec.result === "error"
              ? { code: rec.errorCode, message: rec.errorMessage ?? "Operation failed" }
              : undefined,
        };
  const cancelled = cancelOutcome(rec);
  if (natural === undefined) return cancelled;
  if (cancelled === undefined) return natural;
  return cancelled.atMs < natural.atMs ? cancelled : natural;
}

/** The outcome if it has happened by `nowMs`. */
export function finishedOutcome(rec: OperationRecord, nowMs: number): Outcome | undefined {
  const outcome = outcomeOf(rec);
  return outcome !== undefined && nowMs >= outcome.atMs ? outcome : undefined;
}

export function goneAtMs(rec: OperationRecord): number | undefined {
  return rec.goneAfterMs === undefined ? undefined : rec.createdAtMs + rec.goneAfterMs;
}

/** Whether API calls can see the operation at `nowMs`. */
export function isVisible(rec: OperationRecord, nowMs: number): boolean {
  const gone = goneAtMs(rec);
  return rec.deletedAtMs === undefined && (gone === undefined || nowMs < gone);
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Render as proto3 JSON: default values (false, "", empty lists) are omitted, as Google does. The
 * version that started the operation fixes `metadata["@type"]`, `metadata.apiVersion` and the
 * response's `@type`, whatever version the operation is read through.
 */
export function renderOperation(
  rec: OperationRecord,
  nowMs: number,
  enums: EnumEncoding = "string",
): Record<string, unknown> {
  const version = rec.apiVersion;
  const outcome = finishedOutcome(rec, nowMs);
  const { kind } = collectionByService(rec.service);
  const metadata: Record<string, unknown> = {
    "@type": typeUrl(rec.service, version, `${kind}OperationMetadata`),
    createTime: rfc3339(rec.createdAtMs),
  };
  if (outcome !== undefined) metadata["endTime"] = rfc3339(outcome.atMs);
  if (rec.target !== undefined && rec.target !== "") metadata["target"] = rec.target;
  if (rec.verb !== "") metadata["verb"] = rec.verb;
  if (rec.statusMessage !== undefined && rec.statusMessage !== "")
    metadata["statusMessage"] = rec.statusMessage;
  if (rec.cancelRequestedAtMs !== undefined && rec.cancelRequestedAtMs <= nowMs) {
    metadata["requestedCancellation"] = true;
  }
  metadata["apiVersion"] = version;
  const op: Record<string, unknown> = { name: rec.name, metadata };
  if (outcome === undefined) return op;
  op["done"] = true;
  if (outcome.error !== undefined) op["error"] = { code: outcome.error.code, message: outcome.error.message };
  else op["response"] = rec.response(version, outcome.atMs);
  return encodeOperationEnums(op, enums);
}
