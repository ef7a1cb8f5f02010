import { notFound } from "./api-error";
import type { ApiResult } from "./http-io";
import { methodNotFound } from "./operations-api";
import { goneAtMs, outcomeOf, renderOperation, type OperationRecord } from "./operation-record";
import type { RequestLogEntry } from "./request-log";
import { recordFromSeed } from "./seed-spec";
import type { EmulatorState } from "./state";
import { Fields } from "./validate";

/** What `GET /emulator/operations` reports per operation (times in ms since the epoch; null = not yet). */
export interface OperationSnapshot {
  name: string;
  createdAtMs: number;
  doneAtMs: number | null;
  cancelRequestedAtMs: number | null;
  cancelCount: number;
  goneAtMs: number | null;
  deletedAtMs: number | null;
  operation: Record<string, unknown>;
}

export function snapshotOf(rec: OperationRecord, nowMs: number): OperationSnapshot {
  const outcome = outcomeOf(rec);
  const gone = goneAtMs(rec);
  return {
    name: rec.name,
    createdAtMs: rec.createdAtMs,
    doneAtMs: outcome !== undefined && outcome.atMs <= nowMs ? outcome.atMs : null,
    cancelRequestedAtMs: rec.cancelRequestedAtMs ?? null,
    cancelCount: rec.cancelCount,
    goneAtMs: gone !== undefined && gone <= nowMs ? gone : null,
    deletedAtMs: rec.deletedAtMs ?? null,
    operation: renderOperation(rec, nowMs),
  };
}

/** Seed an operation (throws 400/409 like the HTTP route). */
export function seedOperation(state: EmulatorState, spec: unknown): Record<string, unknown> {
  const nowMs = state.now();
  const rec = recordFromSeed(spec, nowMs);
  state.ops.add(rec, nowMs);
  return renderOperation(rec, nowMs);
}

/** Issue a token as `POST /emulator/tokens` does. */
export function issueEmulatorToken(
  state: EmulatorState,
  options: { lifetimeSec?: number; subject?: string } = {},
): { accessToken: string; expireTime: string } {
  const lifetimeMs = (options.lifetimeSec ?? state.config.tokenLifetimeSec) * 1000;
  const { token, expiresAtMs } = state.tokens.issue(
    "emulator",
    options.subject ?? "test",
    lifetimeMs,
    state.now(),
  );
  return { accessToken: token, expireTime: new Date(expiresAtMs).toISOString() };
}

function ok(body: unknown, status = 200): ApiResult {
  return { status, body };
}

/** The `/emulator/*` control API used by tests and benchmarks (never faulted, never authenticated). */
export function handleControlRoute(
  state: EmulatorState,
  method: string,
  pathname: string,
  query: URLSearchParams,
  body: unknown,
): ApiResult {
  const key = `${method} ${pathname.replace(/\/+$/, "")}`;
  switch (key) {
    case "GET /emulator/health":
      return ok({ ok: true, auth: state.authEnabled });
    case "GET /emulator/config":
      return ok(state.config);
    case "POST /emulator/config":
      return ok(state.configure(body));
    case "POST /emulator/operations":
      return ok(seedOperation(state, body), 201);
    case "GET /emulator/operations": {
      const nowMs = state.now();
      return ok(state.ops.all().map((rec) => snapshotOf(rec, nowMs)));
    }
    case "GET /emulator/requests": {
      const all = query.get("all");
      return ok(state.log.list(all === "1" || all === "true") satisfies RequestLogEntry[]);
    }
    case "DELETE /emulator/requests":
      state.log.clear();
      return ok({});
    case "POST /emulator/faults":
      return ok({ id: state.faults.add(body).id }, 201);
    case "GET /emulator/faults":
      return ok(state.faults.list());
    case "DELETE /emulator/faults":
      state.faults.clear();
      return ok({});
    case "POST /emulator/reset":
      state.reset();
      return ok({});
    case "POST /emulator/tokens": {
      const f = Fields.of(body, "body").only(["lifetimeSec", "subject"]);
      const lifetimeSec = f.int("lifetimeSec", 1, 86_400);
      const subject = f.str("subject");
      return ok(
        issueEmulatorToken(state, {
          ...(lifetimeSec !== undefined ? { lifetimeSec } : {}),
          ...(subject !== undefined ? { subject } : {}),
        }),
      );
    }
    case "POST /emulator/tokens/revoke-all":
      state.tokens.revokeAll();
      return ok({});
    default:
      if (
        /^\/emulator\/(health|config|operations|requests|faults|reset|tokens(\/revoke-all)?)\/?$/.test(
          pathname,
        )
      ) {
        throw methodNotFound(method, pathname);
      }
      throw notFound("Control route", pathname);
  }
}
