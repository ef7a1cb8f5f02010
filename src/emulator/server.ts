import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { ApiError, notFound } from "./api-error";
import {
  handleTokenRoute,
  tokenRouteOf,
  unauthenticated,
  type AuthorizedUser,
  type TokenRoute,
} from "./auth-api";
import { handleControlRoute } from "./control-api";
import { applyFault, wrongShape } from "./fault-apply";
import { errorResult, parseForm, parseJson, readBody, writeJson, type ApiResult } from "./http-io";
import { handleOperationRoute, methodNotFound } from "./operations-api";
import { loggableQuery, type RequestLogEntry, type RouteKind } from "./request-log";
import { handleResourceRoute } from "./resources-api";
import { parseApiPath, type ApiRoute } from "./route-parse";
import type { EmulatorState } from "./state";
import { bearerOf } from "./token-store";

/** What the request handler needs besides the state. */
export interface HandlerDeps {
  state: EmulatorState;
  authorizedUsers: readonly AuthorizedUser[];
  /** A sleep the emulator cancels on close. */
  sleep: (ms: number) => Promise<void>;
}

function classify(method: string, token: TokenRoute | undefined, route: ApiRoute | undefined): RouteKind {
  if (token !== undefined) return "token";
  switch (route?.kind) {
    case "operation":
      return method === "DELETE" ? "delete" : "get";
    case "cancel":
      return "cancel";
    case "operations":
      return "list";
    case "collection":
      return method === "POST" ? "create" : "resource";
    case "resource":
      return method === "PATCH" ? "update" : "resource";
    default:
      return "other";
  }
}

function formOf(req: IncomingMessage, raw: Buffer): URLSearchParams {
  if (!(req.headers["content-type"] ?? "").includes("json")) return parseForm(raw);
  const json = parseJson(raw);
  const form = new URLSearchParams();
  if (json !== null && typeof json === "object") {
    for (const [k, v] of Object.entries(json)) form.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  return form;
}

async function control(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL, path: string) {
  const { state } = deps;
  const entry = newEntry(state, req.method ?? "GET", path, url, "control", true, false);
  let result: ApiResult;
  try {
    const body = parseJson(await readBody(req));
    result = handleControlRoute(state, req.method ?? "GET", path, url.searchParams, body);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    result = errorResult(err);
  }
  entry.status = result.status;
  writeJson(res, result);
  state.log.add(entry);
}

function newEntry(
  state: EmulatorState,
  method: string,
  path: string,
  url: URL,
  route: RouteKind,
  authorized: boolean,
  bearerPresent: boolean,
): RequestLogEntry {
  return {
    seq: state.log.nextSeq(),
    timeMs: state.now(),
    method,
    path,
    query: loggableQuery(url.searchParams),
    status: 0,
    route,
    durationMs: 0,
    authorized,
    bearerPresent,
    doneObserved: [],
  };
}

/** Serve one request: control API, or latency → fault → auth → API handler → log. */
export async function handleRequest(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { state } = deps;
  const t0 = performance.now();
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch (cause) {
    writeJson(res, errorResult(notFound("URL", `${url.pathname} (${(cause as Error).message})`)));
    return;
  }
  if (path === "/emulator" || path.startsWith("/emulator/")) return control(deps, req, res, url, path);

  const token = tokenRouteOf(path);
  let route: ApiRoute | undefined;
  let routeError: ApiError | undefined;
  try {
    route = token === undefined ? parseApiPath(path) : undefined;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    routeError = err;
  }
  const kind = classify(method, token, route);
  const bearer = bearerOf(req.headers.authorization);
  const caller = bearer === undefined ? undefined : state.tokens.check(bearer, state.now());
  const authorized = !state.authEnabled || caller !== undefined;
  const entry = newEntry(state, method, path, url, kind, authorized, bearer !== undefined);
  if (caller !== undefined) entry.identity = `${caller.flow}:${caller.subject}`;
  let logged = false;
  const finish = (status: number) => {
    if (logged) return;
    logged = true;
    entry.status = status;
    entry.durationMs = Math.round((performance.now() - t0) * 1000) / 1000;
    state.log.add(entry);
  };

  if (state.config.latencyMs > 0) await deps.sleep(state.config.latencyMs);
  const rule = state.faults.match(kind, method, path);
  if (rule !== undefined) {
    entry.fault = rule.id;
    if (await applyFault(rule.fault, { req, res, tokens: state.tokens, sleep: deps.sleep, finish })) return;
  }

  let result: ApiResult;
  try {
    const raw = await readBody(req);
    if (token !== undefined) {
      if (method !== "POST") throw methodNotFound(method, path);
      result = handleTokenRoute(
        state,
        token,
        path,
        formOf(req, raw),
        () => parseJson(raw),
        caller,
        deps.authorizedUsers,
      );
    } else {
      if ((route !== undefined || routeError !== undefined) && !authorized) {
        throw unauthenticated(
          bearer === undefined
            ? "Request is missing required authentication credential. Expected OAuth 2 access token."
            : "Request had invalid authentication credentials. Expected OAuth 2 access token.",
        );
      }
      if (routeError !== undefined) throw routeError;
      if (route === undefined) throw notFound("URL", path);
      const body = parseJson(raw);
      result =
        route.kind === "collection" || route.kind === "resource"
          ? handleResourceRoute(state, route, method, path, url.searchParams, body)
          : handleOperationRoute(state, route, method, path, url.searchParams, body);
    }
  } catch (err) {
    // The client hung up mid-request (e.g. it was killed): log it as reset, there is no one to answer.
    if (req.destroyed && !(err instanceof ApiError)) return finish(0);
    if (!(err instanceof ApiError)) throw err;
    result = errorResult(err);
  }
  if (rule?.fault.type === "wrong-shape") result = wrongShape(result, path);
  entry.doneObserved = rule?.fault.type === "wrong-shape" ? [] : (result.doneObserved ?? []);
  finish(result.status);
  writeJson(res, result);
}
