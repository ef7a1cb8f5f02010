/**
 * The one retry loop: every API call goes through `callWithRetry`, which applies the retry policy
 * (retry-policy.ts), the backoff schedule, Retry-After, one token refresh on UNAUTHENTICATED, the
 * caller's signal, and request accounting.
 */
import { backoffDelay, type BackoffSchedule } from "../core/backoff";
import { throwIfAborted, type Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";
import type { Credentials } from "../auth/credentials";
import type { HttpTransport } from "./http";
import { retryReason, type Call } from "./retry-policy";
import { API_CLIENT_HEADER } from "./version";

/** A retry the client is about to make, reported through `onRetry`. */
export interface RetryEvent {
  call: Call;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

/** Per-call context: cancellation, request accounting and retry reporting. */
export interface CallContext {
  signal?: AbortSignal;
  /** Incremented once per HTTP request this call makes (retries included). */
  meter?: { requests: number };
  /** Called before each retry sleep of this call. */
  onRetry?: (e: RetryEvent) => void;
}

export interface CallDeps {
  readonly http: HttpTransport;
  readonly creds: Credentials;
  readonly clock: Clock;
  readonly retry: BackoffSchedule;
  readonly maxAttempts: number;
  readonly random?: () => number;
  /** Client-wide retry listener (for callers that do not pass a per-call one). */
  readonly onRetry?: (e: RetryEvent) => void;
  readonly onRequest?: (call: Call, path: string) => void;
}

export interface CallRequest {
  call: Call;
  method: "GET" | "POST";
  path: string;
  body?: string;
  query?: Record<string, string>;
}

/** Codes that mean no request reached the server (nothing to count). */
const NOT_SENT = new Set(["ERR_INVALID_INPUT", "ERR_ABORTED", "ERR_CREDENTIALS"]);

export async function callWithRetry(d: CallDeps, req: CallRequest, ctx: CallContext): Promise<unknown> {
  const { call, path } = req;
  const signal = ctx.signal;
  // One channel: a per-call listener replaces the client-wide one, so a retry is reported once.
  const onRetry = ctx.onRetry ?? d.onRetry ?? (() => undefined);
  const counted = () => {
    if (ctx.meter) ctx.meter.requests++;
    d.onRequest?.(call, path);
  };
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    try {
      const headers: Record<string, string> = {
        ...(await d.creds.headers()),
        accept: "application/json",
        "x-goog-api-client": API_CLIENT_HEADER,
        ...(req.body !== undefined ? { "content-type": "application/json" } : {}),
      };
      const json = await d.http.request({
        method: req.method,
        path,
        headers,
        ...(req.query ? { query: req.query } : {}),
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(signal ? { signal } : {}),
      });
      counted();
      return json ?? {};
    } catch (err) {
      if (BeyondCorpError.is(err) && !NOT_SENT.has(err.code)) counted();
      if (
        BeyondCorpError.is(err) &&
        err.status === "UNAUTHENTICATED" &&
        err.code === "ERR_API" &&
        !refreshed &&
        d.creds.refreshable
      ) {
        refreshed = true;
        d.creds.invalidate();
        onRetry({ call, path, attempt, delayMs: 0, reason: "UNAUTHENTICATED: refreshing the token once" });
        continue;
      }
      const reason = retryReason(call, err);
      if (reason === undefined || attempt >= d.maxAttempts) throw err;
      const backoff = backoffDelay(d.retry, attempt - 1, d.random);
      const hinted = BeyondCorpError.is(err) ? err.retryAfterMs : undefined;
      const delayMs = Math.min(Math.max(backoff, hinted ?? 0), d.retry.maxDelayMillis * 6);
      onRetry({ call, path, attempt, delayMs, reason });
      await d.clock.sleep(delayMs, signal);
    }
  }
}
