/**
 * The dynamic provider's implementation. The serialized provider object (provider.ts) requires this
 * module lazily inside each method, so no code or secret of ours is captured in Pulumi state.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { parseDurationMillis } from "../core/backoff";
import { OperationsClient } from "../client/operations-client";
import { mapLimit } from "../core/concurrency";
import { BeyondCorpError } from "../core/errors";
import {
  versionedName,
  parseLocationName,
  parseOperationName,
  type ApiVersion,
  type OperationName,
} from "../lro/names";
import { DEFAULT_POLL, type ConnectionOptions, type WaitOptions } from "../options/options";
import { endingOf, resultErrorOf } from "../lro/operation";
import type { OperationResult, Outcome, ResultError } from "../lro/outcomes";
import { cancelAndWait, type ProgressEvent, type WaitReport } from "../wait/waiter";
import { resolveWatch } from "../wait/watch";
import { checkInputs, CONNECTION_KEYS, type CancellerInputs, type CheckFailure } from "./inputs";

/** Recorded per tracked operation in the resource's outputs. */
export interface OperationState {
  state: "PENDING" | "DONE" | "GONE" | "UNKNOWN";
  outcome?: Outcome;
  endedAs?: string;
  error?: ResultError;
  elapsedMs?: number;
  requests?: number;
  cancelRequested?: boolean;
}

export interface CancellerOutputs extends CancellerInputs {
  trackedOperations: string[];
  operationStates: Record<string, OperationState>;
  lastRun?: {
    action: "create" | "update" | "delete" | "read";
    at: string;
    elapsedMs: number;
    requests: number;
    outcomes: Record<string, number>;
  };
}

/** Provider-level settings from the stack config, same keys as @pulumi/gcp. */
const GCP_CONFIG_KEYS: Record<string, keyof ConnectionOptions> = {
  "gcp:credentials": "credentials",
  "gcp:accessToken": "accessToken",
  "gcp:impersonateServiceAccount": "impersonateServiceAccount",
  "gcp:beyondcorpCustomEndpoint": "endpoint",
  "gcp:universeDomain": "universeDomain",
};
let stackConnection: Record<string, string> = {};

export function configure(get: (key: string) => string | undefined): void {
  const c: Record<string, string> = {};
  for (const [key, option] of Object.entries(GCP_CONFIG_KEYS)) {
    const v = get(key);
    if (typeof v === "string" && v !== "") c[option] = v;
  }
  const billing = get("gcp:billingProject");
  const override = get("gcp:userProjectOverride");
  if (billing && (override === undefined || /^true$/i.test(override))) c["quotaProject"] = billing;
  stackConnection = c;
}

const log = (msg: string) => console.log(`[beyondcorp] ${msg}`);

/**
 * When the engine is killed (SIGKILL, a CI runner's timeout), the dynamic-provider host's stdout
 * and stderr become broken pipes. The host (@pulumi/pulumi 3.270) turns the EPIPE into an uncaught
 * error that it prints to the same broken pipe, again and again, keeping every error: the orphan
 * spins a core and grows by gigabytes. Nobody can receive our result any more, and the cancels
 * already sent stay in effect, so the host exits on the first broken pipe. Only inside the host.
 */
export function exitWhenEngineGone(isHost = /dynamic-provider/.test(require.main?.filename ?? "")): void {
  if (!isHost || exitHooked) return;
  exitHooked = true;
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") process.exit(1);
    });
  // An idle orphan writes nothing, so also watch the engine itself (Linux: the host runs under the
  // `pulumi-resource-pulumi-nodejs` shell wrapper, whose parent is the engine).
  const engine = enginePid();
  if (engine === undefined) return;
  setInterval(() => {
    try {
      process.kill(engine, 0);
    } catch {
      process.exit(1);
    }
  }, 2000).unref();
}

function enginePid(): number | undefined {
  const parentOf = (pid: number): number | undefined => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ")".
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return undefined;
    }
  };
  try {
    const wrapper = fs.readFileSync(`/proc/${process.ppid}/cmdline`, "utf8");
    const engine = wrapper.includes("pulumi-resource-pulumi-nodejs") ? parentOf(process.ppid) : process.ppid;
    return engine !== undefined && engine > 1 ? engine : undefined;
  } catch {
    return undefined;
  }
}
let exitHooked = false;
exitWhenEngineGone();

function connectionOf(props: CancellerInputs): ConnectionOptions {
  const o: Record<string, unknown> = { ...stackConnection };
  for (const k of CONNECTION_KEYS) if (typeof props[k] === "string" && props[k] !== "") o[k] = props[k];
  if (props.apiVersion) o["apiVersion"] = props.apiVersion;
  if (props.accessToken) delete o["credentials"];
  return o as ConnectionOptions;
}

function waitOptionsOf(props: CancellerInputs, cancel: boolean): WaitOptions {
  const ms = (v: string | undefined, d: number) => (v === undefined ? d : (parseDurationMillis(v) ?? d));
  return {
    cancel,
    timeoutMillis: ms(props.timeout, 20 * 60_000),
    poll: {
      ...DEFAULT_POLL,
      initialDelayMillis: ms(props.pollInitialDelay, DEFAULT_POLL.initialDelayMillis),
      maxDelayMillis: ms(props.pollMaxDelay, DEFAULT_POLL.maxDelayMillis),
      multiplier: props.pollMultiplier ?? DEFAULT_POLL.multiplier,
    },
    ...(props.onCancelUnsupported ? { onCancelUnsupported: props.onCancelUnsupported } : {}),
    ...(props.failOn ? { failOn: props.failOn } : {}),
  };
}

const display = versionedName;

/** Operation names without duplicates, first occurrence kept. */
function unique(names: OperationName[]): OperationName[] {
  return [...new Map(names.map((n) => [display(n), n])).values()];
}

async function withClient<T>(props: CancellerInputs, fn: (c: OperationsClient) => Promise<T>): Promise<T> {
  const client = new OperationsClient(connectionOf(props), {
    onRetry: (e) => log(`retrying ${e.call} ${e.path} in ${e.delayMs} ms: ${e.reason}`),
  });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Explicit names plus every in-flight operation the watches match now. */
async function resolveTracked(client: OperationsClient, props: CancellerInputs): Promise<OperationName[]> {
  const apiVersion = (props.apiVersion ?? "v1") as ApiVersion;
  const names = (props.operations ?? []).map((o, i) =>
    parseOperationName(o, { apiVersion, field: `operations[${i}]` }),
  );
  for (const [i, w] of (props.watches ?? []).entries()) {
    const parent = parseLocationName(w.parent, { apiVersion, field: `watches[${i}].parent` });
    const found = await resolveWatch(client, {
      parent,
      ...(w.targets ? { targets: w.targets } : {}),
      ...(w.filter ? { filter: w.filter } : {}),
    });
    names.push(...found);
  }
  return unique(names);
}

async function observe(
  client: OperationsClient,
  names: OperationName[],
): Promise<Record<string, OperationState>> {
  const states: Record<string, OperationState> = {};
  await mapLimit(names, 8, async (n) => {
    try {
      const op = await client.get(n);
      const error = resultErrorOf(op);
      states[display(n)] = op.done
        ? {
            state: "DONE",
            endedAs: endingOf(op),
            ...(error ? { error } : {}),
          }
        : { state: "PENDING" };
    } catch (err) {
      if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "NOT_FOUND")
        states[display(n)] = { state: "GONE" };
      else if (BeyondCorpError.is(err))
        states[display(n)] = {
          state: "UNKNOWN",
          error: { code: err.rpcCode, status: err.status, message: err.message },
        };
      else throw err;
    }
  });
  return states;
}

function progress(e: ProgressEvent): void {
  if (e.type === "cancel-sent") log(`cancel requested: ${e.name}`);
  else if (e.type === "cancel-unsupported") log(`cancel unsupported (UNIMPLEMENTED): ${e.name}`);
  else if (e.type === "retry") log(`retrying ${e.retry.call} in ${e.retry.delayMs} ms: ${e.retry.reason}`);
  else if (e.type === "outcome") {
    const r = e.result;
    const err = r.error ? ` (${r.error.status}: ${r.error.message})` : "";
    log(
      `${r.outcome.padEnd(18)} ${r.name} after ${(r.elapsedMs / 1000).toFixed(1)}s, ${r.requests} requests${err}`,
    );
  }
}

function summarize(action: "update" | "delete", report: WaitReport) {
  const outcomes: Record<string, number> = {};
  for (const r of report.results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  log(
    `${action}: ${report.results.length} operation(s) terminal in ${(report.elapsedMs / 1000).toFixed(1)}s, ${report.requests} requests: ${
      Object.entries(outcomes)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ") || "nothing to do"
    }`,
  );
  return {
    action,
    at: new Date().toISOString(),
    elapsedMs: report.elapsedMs,
    requests: report.requests,
    outcomes,
  };
}

function statesFrom(results: OperationResult[]): Record<string, OperationState> {
  const s: Record<string, OperationState> = {};
  for (const r of results) {
    s[r.name] = {
      state:
        r.outcome === "NOT_FOUND"
          ? "GONE"
          : r.outcome === "TIMED_OUT" || r.outcome === "ERROR"
            ? "UNKNOWN"
            : "DONE",
      outcome: r.outcome,
      ...(r.endedAs ? { endedAs: r.endedAs } : {}),
      ...(r.error ? { error: r.error } : {}),
      elapsedMs: r.elapsedMs,
      requests: r.requests,
      cancelRequested: r.cancelRequested,
    };
  }
  return s;
}

function failureError(
  action: string,
  report: WaitReport,
  extra?: { id: string; properties: Record<string, unknown> },
) {
  const lines = report.failed.map(
    (r) => `${r.outcome} ${r.name}${r.error ? `: ${r.error.status} ${r.error.message}` : ""}`,
  );
  const err = new BeyondCorpError({
    code: report.failed.some((r) => r.outcome === "TIMED_OUT") ? "ERR_DEADLINE" : "ERR_API",
    status: report.failed.some((r) => r.outcome === "TIMED_OUT") ? "DEADLINE_EXCEEDED" : "ABORTED",
    message: `${action}: ${report.failed.length} of ${report.results.length} operation(s) ended in a failing outcome; run again to resume:\n  ${lines.join("\n  ")}`,
  });
  return extra ? Object.assign(err, extra) : err;
}

export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  return { inputs: news, failures: checkInputs(news) };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const keys = new Set(
    [...Object.keys(olds), ...Object.keys(news)].filter(
      (k) => !k.startsWith("__") && k !== "trackedOperations" && k !== "operationStates" && k !== "lastRun",
    ),
  );
  const changed = [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
  // Nothing ever replaces: a replacement would delete the guard, and delete cancels.
  return { changes: changed.length > 0, replaces: [] as string[], deleteBeforeReplace: false };
}

export async function create(inputs: CancellerInputs): Promise<{ id: string; outs: CancellerOutputs }> {
  return withClient(inputs, async (client) => {
    const started = Date.now();
    const tracked = await resolveTracked(client, inputs);
    const operationStates = await observe(client, tracked);
    const pending = Object.values(operationStates).filter((s) => s.state === "PENDING").length;
    log(`tracking ${tracked.length} operation(s), ${pending} in flight; nothing is cancelled on create`);
    return {
      id: `canceller-${randomUUID()}`,
      outs: {
        ...inputs,
        trackedOperations: tracked.map(display),
        operationStates,
        lastRun: {
          action: "create",
          at: new Date().toISOString(),
          elapsedMs: Date.now() - started,
          requests: 0,
          outcomes: {},
        },
      },
    };
  });
}

export async function read(
  id: string,
  props: CancellerOutputs,
): Promise<{ id: string; props: CancellerOutputs }> {
  return withClient(props, async (client) => {
    const apiVersion = (props.apiVersion ?? "v1") as ApiVersion;
    const names = (props.trackedOperations ?? []).map((n, i) =>
      parseOperationName(n, { apiVersion, field: `trackedOperations[${i}]` }),
    );
    const fresh = await observe(client, names);
    const merged: Record<string, OperationState> = {};
    for (const [k, v] of Object.entries(fresh)) merged[k] = { ...(props.operationStates?.[k] ?? {}), ...v };
    return { id, props: { ...props, operationStates: merged } };
  });
}

export async function update(
  id: string,
  olds: CancellerOutputs,
  news: CancellerInputs & { __provider?: string },
): Promise<{ outs: CancellerOutputs }> {
  return withClient(news, async (client) => {
    const apiVersion = (news.apiVersion ?? "v1") as ApiVersion;
    const oldTracked = (olds.trackedOperations ?? []).map((n) => parseOperationName(n, { apiVersion }));
    const newTracked = await resolveTracked(client, news);
    const newSet = new Set(newTracked.map(display));
    const triggerChanged =
      olds.trigger !== undefined && news.trigger !== undefined && olds.trigger !== news.trigger;
    const toCancel = triggerChanged
      ? unique([...oldTracked, ...newTracked])
      : oldTracked.filter((n) => !newSet.has(display(n)));
    if (triggerChanged) log(`trigger changed: cancelling all ${toCancel.length} tracked operation(s)`);
    else if (toCancel.length > 0) log(`${toCancel.length} operation(s) no longer tracked: cancelling them`);
    const report = await cancelAndWait(client, toCancel, waitOptionsOf(news, true), { onProgress: progress });
    const states = {
      ...(olds.operationStates ?? {}),
      ...(await observe(
        client,
        newTracked.filter((n) => !toCancel.some((c) => display(c) === display(n))),
      )),
      ...statesFrom(report.results),
    };
    const outs: CancellerOutputs = {
      ...news,
      trackedOperations: [...newSet],
      operationStates: pick(states, [...newSet, ...report.results.map((r) => r.name)]),
      lastRun: summarize("update", report),
    };
    delete (outs as { __provider?: string }).__provider;
    if (!report.ok)
      throw failureError("update", report, { id, properties: { ...outs, __provider: news.__provider } });
    return { outs };
  });
}

export async function remove(_id: string, props: CancellerOutputs): Promise<void> {
  const policy = props.onDelete ?? "cancel";
  if (policy === "abandon") {
    log(`onDelete=abandon: leaving ${props.trackedOperations?.length ?? 0} operation(s) as they are`);
    return;
  }
  await withClient(props, async (client) => {
    const apiVersion = (props.apiVersion ?? "v1") as ApiVersion;
    const recorded = (props.trackedOperations ?? []).map((n) => parseOperationName(n, { apiVersion }));
    const current = await resolveTracked(client, props);
    const all = unique([...recorded, ...current]);
    log(`${policy === "cancel" ? "cancelling" : "waiting for"} ${all.length} operation(s) before delete`);
    const report = await cancelAndWait(client, all, waitOptionsOf(props, policy === "cancel"), {
      onProgress: progress,
    });
    summarize("delete", report);
    if (!report.ok) throw failureError("delete", report);
  });
}

function pick<T>(o: Record<string, T>, keys: string[]): Record<string, T> {
  const r: Record<string, T> = {};
  for (const k of keys) if (o[k] !== undefined) r[k] = o[k];
  return r;
}
