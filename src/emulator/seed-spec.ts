import { invalidArgument } from "./api-error";
import {
  collectionByService,
  collectionOfTarget,
  isServiceName,
  serviceOfTarget,
  SERVICES,
} from "./collections";
import { ON_CANCEL, type OperationRecord } from "./operation-record";
import { emptyResponse, fixedResponse } from "./responses";
import { parseApiPath, type ApiVersion } from "./route-parse";
import { Fields } from "./validate";

/** The body of `POST /emulator/operations` (see docs/emulator.md). */
export interface SeedSpec {
  name: string;
  /** Completes naturally after this many ms. @default undefined (runs until cancelled) */
  doneAfterMs?: number;
  /** @default "cancel" */
  onCancel?: (typeof ON_CANCEL)[number];
  /** @default 0 */
  cancelDelayMs?: number;
  target?: string;
  /** @default "create" */
  verb?: string;
  /** @default "success" */
  result?: "success" | "error";
  /** Code for `result: "error"`. @default 13 */
  errorCode?: number;
  errorMessage?: string;
  /** Code for `onCancel: "fail"`. @default 13 */
  failCode?: number;
  goneAfterMs?: number;
  /** @default derived from target, else "securitygateways" */
  service?: (typeof SERVICES)[number];
  response?: Record<string, unknown>;
  statusMessage?: string;
  /** Version the control API renders with. @default "v1" */
  apiVersion?: ApiVersion;
}

const SEED_FIELDS = [
  "name",
  "doneAfterMs",
  "onCancel",
  "cancelDelayMs",
  "target",
  "verb",
  "result",
  "errorCode",
  "errorMessage",
  "failCode",
  "goneAfterMs",
  "service",
  "response",
  "statusMessage",
  "apiVersion",
] as const;

const DAY_MS = 86_400_000;

/** Validate a seed body and build the record (created at `nowMs`). Throws 400 naming the field. */
export function recordFromSeed(body: unknown, nowMs: number): OperationRecord {
  const f = Fields.of(body, "operation").only(SEED_FIELDS);
  const name = f.str("name", /^[A-Za-z0-9_./-]+$/);
  if (name === undefined) throw invalidArgument("name", "is required");
  const route = parseApiPath(`/v1/${name}`);
  if (route?.kind !== "operation") {
    throw invalidArgument(
      "name",
      `"${name}" must be {organizations|projects}/{id}/locations/{loc}/operations/{id}`,
    );
  }
  const target = f.str("target");
  const serviceRaw = f.str("service");
  if (serviceRaw !== undefined && !isServiceName(serviceRaw)) {
    throw invalidArgument("service", `must be one of ${SERVICES.join(", ")}`);
  }
  const service = serviceRaw ?? serviceOfTarget(target);
  const verb = f.str("verb") ?? "create";
  const given = f.object("response");
  const ofTarget = collectionOfTarget(target);
  const kind = ofTarget?.service === service ? ofTarget.kind : collectionByService(service).kind;
  const response =
    given !== undefined
      ? fixedResponse(service, kind, given)
      : verb === "delete"
        ? emptyResponse
        : fixedResponse(service, kind, target === undefined ? {} : { name: target });
  return {
    name,
    parent: route.parent,
    service,
    target,
    verb,
    createdAtMs: nowMs,
    doneAfterMs: f.int("doneAfterMs", 0, DAY_MS),
    result: f.oneOf("result", ["success", "error"] as const) ?? "success",
    errorCode: f.int("errorCode", 1, 16) ?? 13,
    errorMessage: f.str("errorMessage"),
    onCancel: f.oneOf("onCancel", ON_CANCEL) ?? "cancel",
    cancelDelayMs: f.int("cancelDelayMs", 0, DAY_MS) ?? 0,
    failCode: f.int("failCode", 1, 16) ?? 13,
    goneAfterMs: f.int("goneAfterMs", 0, DAY_MS),
    statusMessage: f.str("statusMessage"),
    apiVersion: f.oneOf("apiVersion", ["v1", "v1alpha"] as const) ?? "v1",
    response,
    cancelRequestedAtMs: undefined,
    cancelCount: 0,
    deletedAtMs: undefined,
  };
}
