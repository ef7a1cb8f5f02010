/**
 * The resource's hooks: check, diff, create, read, update and delete. Both doors call them: the
 * dynamic provider (provider.ts, serialized into state, which requires this module lazily as
 * `beyondcorp-ops/provider-runtime`) and the provider plugin. This file's path and exports are a
 * promise to every stack written by an earlier release: `dist/pulumi/runtime.js` must keep
 * `configure`, `check`, `diff`, `create`, `read`, `update` and `remove` with their 0.1.0 signatures.
 */
import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../core/clock";
import { BeyondCorpError } from "../core/errors";
import type { ConnectionLayer } from "../client/connection";
import { OperationsClient, type ClientDeps } from "../client/operations-client";
import type { ConnectionOptions } from "../options/connection";
import { cancelAndWait, type WaitReport } from "../wait/waiter";
import { checkInputs, type CancellerInputs, type CheckFailure } from "./inputs";
import { log, logProgress, summarize } from "./log";
import { migrateOutputs, SCHEMA_VERSION } from "./migrate";
import { OUTPUT_KEYS, pick, statesFrom, type CancellerOutputs } from "./outputs";
import { stackConnectionFrom } from "./stack-config";
import { display, observeStates, recordedNames, resolveTracked, unique } from "./tracked";
import { connectionOf, waitOptionsOf } from "./translate";
import { exitWhenEngineGone } from "./watchdog";

export type { OperationState, CancellerOutputs, LastRun } from "./outputs";

/** What a door passes to each hook besides the resource's properties. */
export interface HookContext {
  /** The stack's `gcp:*` config (from `stackConfig`). */
  readonly stack?: ConnectionLayer;
  /** Aborts every wait and request (the engine's Cancel, Ctrl-C). */
  readonly signal?: AbortSignal;
  /** The engine's per-operation timeout (`customTimeouts`), when the door receives it. */
  readonly timeoutMillis?: number;
  /**
   * Builds the hook's client from the resource's connection inputs and the stack's layer (unit
   * tests pass a fake). @default the real OperationsClient
   */
  readonly connect?: (options: ConnectionOptions, deps: ClientDeps) => OperationsClient;
  /** Time for the waits and the recorded `lastRun`. @default systemClock */
  readonly clock?: Clock;
}

const realClient = (options: ConnectionOptions, deps: ClientDeps) => new OperationsClient(options, deps);

exitWhenEngineGone();

/** The stack's `gcp:*` settings, read once by a door's `configure` and passed back in HookContext. */
export const stackConfig = stackConnectionFrom;

/**
 * For providers serialized by 0.1.0, which call `configure(get)` and then each hook without a
 * context: their only channel is this holder. Current doors pass HookContext instead.
 */
let legacyStack: ConnectionLayer = {};
export function configure(get: (key: string) => string | undefined): void {
  legacyStack = stackConnectionFrom(get);
}

async function withClient<T>(
  props: CancellerInputs,
  ctx: HookContext,
  fn: (c: OperationsClient, clock: Clock) => Promise<T>,
): Promise<T> {
  const client = (ctx.connect ?? realClient)(connectionOf(props), {
    defaults: ctx.stack ?? legacyStack,
    onRetry: (retry) => logProgress({ type: "retry", retry }),
  });
  try {
    return await fn(client, ctx.clock ?? systemClock);
  } finally {
    await client.close();
  }
}

function failureError(
  action: string,
  report: WaitReport,
  extra?: { id: string; properties: Record<string, unknown> },
) {
  const lines = report.failed.map(
    (r) => `${r.outcome} ${r.name}${r.error ? `: ${r.error.status} ${r.error.message}` : ""}`,
  );
  const timedOut = report.failed.some((r) => r.outcome === "TIMED_OUT");
  const err = new BeyondCorpError({
    code: timedOut ? "ERR_DEADLINE" : "ERR_API",
    status: timedOut ? "DEADLINE_EXCEEDED" : "ABORTED",
    message: `${action}: ${report.failed.length} of ${report.results.length} operation(s) ended in a failing outcome; run again to resume:\n  ${lines.join("\n  ")}`,
  });
  return extra ? Object.assign(err, extra) : err;
}

/**
 * A wait aborted by the engine's Cancel (or Ctrl-C): say which cancels were already sent, so the
 * user knows what a re-run will find. The hook throws, so the engine keeps the guard's state as it
 * was and the next update or destroy resumes (a repeated cancel is harmless).
 */
function interruptedError(action: string, err: unknown): unknown {
  if (!BeyondCorpError.is(err) || err.code !== "ERR_ABORTED") return err;
  const partial =
    (err as { partial?: Array<{ name: string; cancelRequested: boolean; outcome?: string }> }).partial ?? [];
  const sent = partial.filter((p) => p.cancelRequested);
  const lines = partial.map(
    (p) => `${(p.outcome ?? (p.cancelRequested ? "CANCEL_REQUESTED" : "PENDING")).padEnd(18)} ${p.name}`,
  );
  log(`${action} interrupted: cancel requested for ${sent.length} of ${partial.length} operation(s)`);
  return new BeyondCorpError({
    code: "ERR_ABORTED",
    status: "CANCELLED",
    message: `${action} interrupted (${err.message}): cancel requested for ${sent.length} of ${partial.length} operation(s); the guard is kept as it was, run the command again to resume${lines.length ? `:\n  ${lines.join("\n  ")}` : ""}`,
    cause: err,
  });
}

export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  return { inputs: news, failures: checkInputs(news) };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const keys = new Set(
    [...Object.keys(olds), ...Object.keys(news)].filter((k) => !k.startsWith("__") && !OUTPUT_KEYS.has(k)),
  );
  const changed = [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
  // Nothing ever replaces: a replacement would delete the guard, and delete cancels.
  return { changes: changed.length > 0, replaces: [] as string[], deleteBeforeReplace: false, changed };
}

export async function create(
  inputs: CancellerInputs,
  ctx: HookContext = {},
): Promise<{ id: string; outs: CancellerOutputs }> {
  return withClient(inputs, ctx, async (client, clock) => {
    const started = clock.now();
    const tracked = await resolveTracked(client, inputs, ctx.signal);
    const operationStates = await observeStates(client, tracked, ctx.signal);
    const pending = Object.values(operationStates).filter((s) => s.state === "PENDING").length;
    log(`tracking ${tracked.length} operation(s), ${pending} in flight; nothing is cancelled on create`);
    return {
      id: `canceller-${randomUUID()}`,
      outs: {
        ...inputs,
        schemaVersion: SCHEMA_VERSION,
        trackedOperations: tracked.map(display),
        operationStates,
        lastRun: {
          action: "create",
          at: new Date(clock.now()).toISOString(),
          elapsedMs: clock.now() - started,
          requests: 0,
          outcomes: {},
        },
      },
    };
  });
}

export async function read(
  id: string,
  stored: CancellerOutputs,
  ctx: HookContext = {},
): Promise<{ id: string; props: CancellerOutputs }> {
  const props = migrateOutputs(stored as unknown as Record<string, unknown>);
  return withClient(props, ctx, async (client) => {
    const fresh = await observeStates(client, recordedNames(props), ctx.signal);
    const merged: CancellerOutputs["operationStates"] = {};
    for (const [k, v] of Object.entries(fresh)) merged[k] = { ...(props.operationStates[k] ?? {}), ...v };
    return { id, props: { ...props, operationStates: merged } };
  });
}

export async function update(
  id: string,
  stored: CancellerOutputs,
  news: CancellerInputs & { __provider?: string },
  ctx: HookContext = {},
): Promise<{ outs: CancellerOutputs }> {
  const olds = migrateOutputs(stored as unknown as Record<string, unknown>);
  return withClient(news, ctx, async (client, clock) => {
    const oldTracked = recordedNames({ ...olds, apiVersion: news.apiVersion ?? olds.apiVersion });
    const newTracked = await resolveTracked(client, news, ctx.signal);
    const newSet = new Set(newTracked.map(display));
    const triggerChanged =
      olds.trigger !== undefined && news.trigger !== undefined && olds.trigger !== news.trigger;
    const toCancel = triggerChanged
      ? unique([...oldTracked, ...newTracked])
      : oldTracked.filter((n) => !newSet.has(display(n)));
    if (triggerChanged) log(`trigger changed: cancelling all ${toCancel.length} tracked operation(s)`);
    else if (toCancel.length > 0) log(`${toCancel.length} operation(s) no longer tracked: cancelling them`);
    const report = await cancelAndWait(client, toCancel, waitOptionsOf(news, true, ctx.timeoutMillis), {
      onProgress: logProgress,
      clock,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }).catch((err: unknown) => {
      throw interruptedError("update", err);
    });
    const cancelled = new Set(toCancel.map(display));
    const states = {
      ...olds.operationStates,
      ...(await observeStates(
        client,
        newTracked.filter((n) => !cancelled.has(display(n))),
        ctx.signal,
      )),
      ...statesFrom(report.results),
    };
    const outs: CancellerOutputs = {
      ...news,
      schemaVersion: SCHEMA_VERSION,
      trackedOperations: [...newSet],
      operationStates: pick(states, [...newSet, ...report.results.map((r) => r.name)]),
      lastRun: summarize("update", report, new Date(clock.now())),
    };
    delete (outs as { __provider?: string }).__provider;
    if (!report.ok)
      throw failureError("update", report, { id, properties: { ...outs, __provider: news.__provider } });
    return { outs };
  });
}

export async function remove(_id: string, stored: CancellerOutputs, ctx: HookContext = {}): Promise<void> {
  const props = migrateOutputs(stored as unknown as Record<string, unknown>);
  const policy = props.onDelete ?? "cancel";
  if (policy === "abandon") {
    log(`onDelete=abandon: leaving ${props.trackedOperations.length} operation(s) as they are`);
    return;
  }
  await withClient(props, ctx, async (client, clock) => {
    const all = unique([...recordedNames(props), ...(await resolveTracked(client, props, ctx.signal))]);
    log(`${policy === "cancel" ? "cancelling" : "waiting for"} ${all.length} operation(s) before delete`);
    const report = await cancelAndWait(
      client,
      all,
      waitOptionsOf(props, policy === "cancel", ctx.timeoutMillis),
      {
        onProgress: logProgress,
        clock,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    ).catch((err: unknown) => {
      throw interruptedError("delete", err);
    });
    summarize("delete", report, new Date(clock.now()));
    if (!report.ok) throw failureError("delete", report);
  });
}
