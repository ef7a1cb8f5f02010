import { ApiError, invalidArgument, notFound } from "./api-error";
import type { CollectionSpec } from "./collections";
import type { ApiResult } from "./http-io";
import { methodNotFound } from "./operations-api";
import { decodePageToken, encodePageToken, parsePageSize } from "./page-token";
import { renderNow } from "./resource-store";
import { startCreate } from "./resources/create";
import { startDelete } from "./resources/delete";
import { runMutation } from "./resources/mutation";
import { startUpdate } from "./resources/update";
import type { ApiRoute } from "./route-parse";
import type { EmulatorState } from "./state";
import { QueryParams } from "./wire/query-params";

type ResRoute = Extract<ApiRoute, { kind: "collection" | "resource" }>;

/** Default and maximum `pageSize` of resource lists ("a default value of 50 will be used"). */
export const DEFAULT_RESOURCE_PAGE_SIZE = 50;
export const MAX_RESOURCE_PAGE_SIZE = 1000;

/** The query parameters (request fields outside the path and body) of each resource method. */
export function methodParams(spec: CollectionSpec, method: "create" | "update" | "delete" | "list" | "get") {
  const validateOnly = method !== "list" && method !== "get" && spec.validateOnly.includes(method);
  const extra = validateOnly ? ["validateOnly"] : [];
  switch (method) {
    case "create":
      return [spec.idParam, "requestId", ...extra];
    case "update":
      return [
        "requestId",
        "updateMask",
        ...extra,
        ...(spec.update?.allowMissing === true ? ["allowMissing"] : []),
      ];
    case "delete":
      return ["requestId", ...extra];
    case "list":
      return ["filter", "orderBy", "pageSize", "pageToken"];
    case "get":
      return [];
  }
}

function list(state: EmulatorState, route: Extract<ResRoute, { kind: "collection" }>, params: QueryParams) {
  for (const field of ["filter", "orderBy"]) {
    if (params.str(field) !== undefined) {
      throw new ApiError(
        "UNIMPLEMENTED",
        `The emulator does not support ${field} on ${route.spec.collection}.list.`,
        "EMULATOR_UNSUPPORTED",
        { field },
      );
    }
  }
  const nowMs = state.now();
  const scope = `${route.parent}/${route.spec.collection}`;
  const pageSize = parsePageSize(
    params.str("pageSize") ?? null,
    DEFAULT_RESOURCE_PAGE_SIZE,
    MAX_RESOURCE_PAGE_SIZE,
  );
  const token = params.str("pageToken");
  const after = token === undefined ? undefined : decodePageToken(token, scope).name;
  const all = state.resources
    .list(route.parent, route.spec, nowMs)
    .filter((r) => after === undefined || r.entry.name > after);
  const page = all.slice(0, pageSize);
  const body: Record<string, unknown> = {};
  if (page.length > 0) {
    body[route.spec.collection] = page.map(({ entry, lifecycle }) =>
      renderNow(entry, lifecycle, nowMs, route.version, params.enumEncoding),
    );
  }
  const last = page[page.length - 1];
  if (all.length > page.length && last !== undefined) {
    body["nextPageToken"] = encodePageToken({ createdAtMs: 0, name: last.entry.name, filter: scope });
  }
  return { status: 200, body };
}

/**
 * The BeyondCorp resource collections: create, get, list, patch, delete. Create, patch and delete
 * start LROs and share `requestId` and `validateOnly` handling (see `resources/mutation.ts`).
 */
export function handleResourceRoute(
  state: EmulatorState,
  route: ResRoute,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): ApiResult {
  const { spec } = route;
  const bind = (m: Parameters<typeof methodParams>[1]) => QueryParams.bind(query, methodParams(spec, m));
  if (route.kind === "collection") {
    if (method === "GET") return list(state, route, bind("list"));
    if (method !== "POST") throw methodNotFound(method, path);
    const params = bind("create");
    return runMutation({ state, method, path, params, body }, (dryRun, nowMs) =>
      startCreate(state, route, params.str(spec.idParam), body, dryRun, nowMs),
    );
  }
  switch (method) {
    case "GET": {
      const params = bind("get");
      if (body !== undefined) throw invalidArgument("body", "GET takes no body");
      const nowMs = state.now();
      const found = state.resources.get(route.name, nowMs);
      if (found === undefined) throw notFound(spec.kind, route.name);
      return {
        status: 200,
        body: renderNow(found.entry, found.lifecycle, nowMs, route.version, params.enumEncoding),
      };
    }
    case "PATCH": {
      if (spec.update === undefined) throw methodNotFound(method, path);
      const params = bind("update");
      return runMutation({ state, method, path, params, body }, (dryRun, nowMs) =>
        startUpdate(state, route, params, body, dryRun, nowMs),
      );
    }
    case "DELETE": {
      const params = bind("delete");
      return runMutation({ state, method, path, params, body }, (dryRun, nowMs) =>
        startDelete(state, route, dryRun, nowMs),
      );
    }
    default:
      throw methodNotFound(method, path);
  }
}
