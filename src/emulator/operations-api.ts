import { ApiError, invalidArgument, notFound } from "./api-error";
import { compileFilter } from "./filter";
import type { ApiResult } from "./http-io";
import { finishedOutcome, renderOperation, type OperationRecord } from "./operation-record";
import { decodePageToken, encodePageToken, parsePageSize } from "./page-token";
import type { ApiRoute } from "./route-parse";
import type { EmulatorState } from "./state";
import { Fields } from "./validate";
import { QueryParams } from "./wire/query-params";

/** Default and maximum `pageSize` of operations.list. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

type OpRoute = Extract<ApiRoute, { kind: "operation" | "cancel" | "operations" }>;

export function methodNotFound(method: string, path: string): ApiError {
  return new ApiError("NOT_FOUND", `Method ${method} is not supported on ${path}.`, "METHOD_NOT_FOUND", {
    method,
  });
}

function mustGet(state: EmulatorState, name: string, nowMs: number): OperationRecord {
  const rec = state.ops.get(name, nowMs);
  if (rec === undefined) throw notFound("Operation", name);
  return rec;
}

function rendered(rec: OperationRecord, nowMs: number, params: QueryParams): ApiResult {
  const op = renderOperation(rec, nowMs, params.enumEncoding);
  return { status: 200, body: op, doneObserved: op["done"] === true ? [rec.name] : [] };
}

/** The query parameters of each google.longrunning.Operations method. */
export const OPERATIONS_METHOD_PARAMS = {
  get: [],
  delete: [],
  cancel: [],
  list: ["filter", "pageSize", "pageToken", "returnPartialSuccess"],
} as const;

/** The filter as the configured server treats it (`listFilter`): applied, ignored or refused. */
function filterAsServed(state: EmulatorState, filter: string): string {
  const mode = state.config.listFilter;
  if (filter.trim() === "" || mode === "apply") return filter;
  if (mode === "ignore") return "";
  throw mode === "unimplemented"
    ? new ApiError("UNIMPLEMENTED", "Filtering operations is not supported.", "FILTER_UNSUPPORTED", {
        field: "filter",
      })
    : new ApiError("INVALID_ARGUMENT", "Invalid filter: filtering is not supported.", "INVALID_FILTER", {
        field: "filter",
      });
}

function list(state: EmulatorState, route: Extract<OpRoute, { kind: "operations" }>, params: QueryParams) {
  // operations.proto: a service that does not support it (reading across collections) answers
  // UNIMPLEMENTED rather than ignoring it; AIP-193 agrees.
  if (params.bool("returnPartialSuccess")) {
    throw new ApiError(
      "UNIMPLEMENTED",
      "returnPartialSuccess is not supported by operations.list.",
      "PARTIAL_SUCCESS_UNSUPPORTED",
      { field: "returnPartialSuccess" },
    );
  }
  const nowMs = state.now();
  const filter = filterAsServed(state, params.str("filter") ?? "");
  const matches = compileFilter(filter);
  const pageSize = parsePageSize(params.str("pageSize") ?? null, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const token = params.str("pageToken");
  const cursor = token === undefined ? undefined : decodePageToken(token, filter);
  const page = state.ops.page(route.parent, nowMs, matches, pageSize, cursor);
  const operations = page.items.map((rec) => renderOperation(rec, nowMs, params.enumEncoding));
  const body: Record<string, unknown> = {};
  if (operations.length > 0) body["operations"] = operations;
  const last = page.items[page.items.length - 1];
  if (page.more && last !== undefined) {
    body["nextPageToken"] = encodePageToken({ createdAtMs: last.createdAtMs, name: last.name, filter });
  }
  const doneObserved = operations.filter((op) => op["done"] === true).map((op) => String(op["name"]));
  return { status: 200, body, doneObserved };
}

function cancel(state: EmulatorState, route: Extract<OpRoute, { kind: "cancel" }>, body: unknown): ApiResult {
  Fields.of(body, "body").only(["name"]);
  const nowMs = state.now();
  const rec = mustGet(state, route.name, nowMs);
  rec.cancelCount++;
  if (finishedOutcome(rec, nowMs) !== undefined) return { status: 200, body: {} };
  if (rec.onCancel === "unimplemented") {
    throw new ApiError(
      "UNIMPLEMENTED",
      `Operation "${rec.name}" does not support cancellation.`,
      "CANCELLATION_UNSUPPORTED",
      { resource: rec.name },
    );
  }
  if (rec.cancelRequestedAtMs === undefined) rec.cancelRequestedAtMs = nowMs;
  return { status: 200, body: {} };
}

/** google.longrunning.Operations over HTTP: get, list, cancel, delete. */
export function handleOperationRoute(
  state: EmulatorState,
  route: OpRoute,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): ApiResult {
  switch (route.kind) {
    case "operation": {
      if (method !== "GET" && method !== "DELETE") throw methodNotFound(method, path);
      const params = QueryParams.bind(query, OPERATIONS_METHOD_PARAMS[method === "GET" ? "get" : "delete"]);
      if (body !== undefined && method === "GET") throw invalidArgument("body", "GET takes no body");
      const nowMs = state.now();
      const rec = mustGet(state, route.name, nowMs);
      if (method === "GET") return rendered(rec, nowMs, params);
      state.ops.delete(rec, nowMs);
      return { status: 200, body: {} };
    }
    case "cancel":
      if (method !== "POST") throw methodNotFound(method, path);
      QueryParams.bind(query, OPERATIONS_METHOD_PARAMS.cancel);
      return cancel(state, route, body);
    case "operations":
      if (method !== "GET") throw methodNotFound(method, path);
      return list(state, route, QueryParams.bind(query, OPERATIONS_METHOD_PARAMS.list));
  }
}
