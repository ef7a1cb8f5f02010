import { ApiError, invalidArgument, notFound } from "./api-error";
import type { CollectionSpec } from "./collections";
import type { ApiResult } from "./http-io";
import { methodNotFound } from "./operations-api";
import {
  finishedOutcome,
  renderOperation,
  type OperationRecord,
  type ResponseBuilder,
} from "./operation-record";
import { renderResource, type ResourceEntry } from "./resource-store";
import { emptyResponse } from "./responses";
import { checkResourceId, type ApiRoute, type ApiVersion } from "./route-parse";
import { newOperationId, type EmulatorState } from "./state";
import { Fields } from "./validate";

type ResRoute = Extract<ApiRoute, { kind: "collection" | "resource" }>;

const OUTPUT_ONLY = ["name", "createTime", "updateTime", "uid", "state"];

/** A resource-method LRO, timed by the emulator-wide config. */
function lroRecord(
  state: EmulatorState,
  parent: string,
  spec: CollectionSpec,
  target: string,
  verb: string,
  version: ApiVersion,
  response: ResponseBuilder,
  nowMs: number,
): OperationRecord {
  const c = state.config;
  return {
    name: `${parent}/operations/${newOperationId(nowMs)}`,
    parent,
    service: spec.service,
    target,
    verb,
    createdAtMs: nowMs,
    doneAfterMs: c.lroDoneAfterMs ?? undefined,
    result: "success",
    errorCode: 13,
    errorMessage: undefined,
    onCancel: c.onCancel,
    cancelDelayMs: c.cancelDelayMs,
    failCode: c.failCode,
    goneAfterMs: undefined,
    statusMessage: undefined,
    apiVersion: version,
    response,
    cancelRequestedAtMs: undefined,
    cancelCount: 0,
    deletedAtMs: undefined,
  };
}

function resourceFields(spec: CollectionSpec, body: unknown): Record<string, unknown> {
  const f = Fields.of(body, spec.kind);
  if (spec.collection === "appConnectors") {
    const email = f.nested("principalInfo")?.nested("serviceAccount")?.str("email");
    if (email === undefined || email === "")
      throw invalidArgument("principalInfo.serviceAccount.email", "is required");
  }
  const fields = { ...((body ?? {}) as Record<string, unknown>) };
  for (const key of OUTPUT_ONLY) delete fields[key];
  return fields;
}

function create(
  state: EmulatorState,
  route: Extract<ResRoute, { kind: "collection" }>,
  query: URLSearchParams,
  body: unknown,
) {
  const { spec, parent, version } = route;
  const id = checkResourceId(query.get(spec.idParam), spec.idParam);
  const fields = resourceFields(spec, body);
  const nowMs = state.now();
  const name = `${parent}/${spec.collection}/${id}`;
  let op: OperationRecord | undefined;
  state.resources.add(
    { name, parent, spec, fields, createdAtMs: nowMs },
    (entry) => {
      const respond: ResponseBuilder = (v, doneAtMs) =>
        renderResource(entry(), spec.readyState, doneAtMs, v, true);
      op = lroRecord(state, parent, spec, name, "create", version, respond, nowMs);
      return op;
    },
    nowMs,
  );
  if (op === undefined) throw new Error("create operation was not built");
  state.ops.add(op, nowMs);
  return { status: 200, body: renderOperation(op, version, nowMs) };
}

function remove(
  state: EmulatorState,
  route: Extract<ResRoute, { kind: "resource" }>,
  entry: ResourceEntry,
  st: string,
) {
  if (st !== route.spec.readyState) {
    throw new ApiError(
      "FAILED_PRECONDITION",
      `${route.spec.kind} "${entry.name}" is ${st}.`,
      "RESOURCE_BUSY",
      {
        resource: entry.name,
      },
    );
  }
  const nowMs = state.now();
  const op = lroRecord(
    state,
    route.parent,
    route.spec,
    entry.name,
    "delete",
    route.version,
    emptyResponse,
    nowMs,
  );
  entry.deleteOp = op;
  state.ops.add(op, nowMs);
  return { status: 200, body: renderOperation(op, route.version, nowMs) };
}

function updatedAt(entry: ResourceEntry, nowMs: number): number {
  return finishedOutcome(entry.createOp, nowMs)?.atMs ?? entry.createdAtMs;
}

/** Create/get/list/delete for the BeyondCorp resource collections; create and delete start LROs. */
export function handleResourceRoute(
  state: EmulatorState,
  route: ResRoute,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): ApiResult {
  const nowMs = state.now();
  if (route.kind === "collection") {
    if (method === "POST") return create(state, route, query, body);
    if (method !== "GET") throw methodNotFound(method, path);
    const items = state.resources
      .list(route.parent, route.spec, nowMs)
      .map(({ entry, state: st }) =>
        renderResource(entry, st, updatedAt(entry, nowMs), route.version, false),
      );
    return { status: 200, body: items.length > 0 ? { [route.spec.collection]: items } : {} };
  }
  if (method !== "GET" && method !== "DELETE") throw methodNotFound(method, path);
  const found = state.resources.get(route.name, nowMs);
  if (found === undefined) throw notFound(route.spec.kind, route.name);
  if (method === "DELETE") return remove(state, route, found.entry, found.state);
  return {
    status: 200,
    body: renderResource(found.entry, found.state, updatedAt(found.entry, nowMs), route.version, false),
  };
}
