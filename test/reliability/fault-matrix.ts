/**
 * The fault matrix (issue 6): every injected FAULT applied to every CALL the package makes (token
 * fetch, cancel, get, list), each pair driven end to end through `cancelAndWait` against the local
 * emulator with auth on, and compared with the outcome a careful client should reach. The token
 * fetch runs twice, through google-auth-library's authorized_user refresh and its external_account
 * STS exchange, which take different code paths.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { OperationsClient, type RetryEvent } from "../../src/client/operations-client";
import { startEmulator, type Emulator, type FaultSpec, type RequestLogEntry } from "../../src/emulator";
import type { BackoffSchedule } from "../../src/core/backoff";
import type { Ending, Outcome } from "../../src/lro/outcomes";
import type { RpcStatusName } from "../../src/core/rpc-codes";
import { cancelAndWait, type WaitReport } from "../../src/wait/waiter";
import { within } from "../helpers/bounded";

export const CALLS = ["token", "sts", "cancel", "get", "list"] as const;
export type MatrixCall = (typeof CALLS)[number];

export const CALL_LABELS: Readonly<Record<MatrixCall, string>> = {
  token: "token (authorized_user)",
  sts: "token (external_account STS)",
  cancel: "cancel",
  get: "get",
  list: "list",
};

/** The emulator route a call's fault is injected on. */
const routeOf = (call: MatrixCall): "token" | "cancel" | "get" | "list" => (call === "sts" ? "token" : call);

/** Per-request timeout of the client under test; the hang outlasts it by far. */
export const REQUEST_TIMEOUT_MS = 300;
export const HANG_MS = 3000;
export const MAX_RESPONSE_BYTES = 64 * 1024;
const RETRY_AFTER_SECONDS = 1;
/** Seeded operations end on their own this late (only when a cancel never lands). */
const NATURAL_DONE_MS = 5000;
/** ...or this soon, for pairs where the cancel is expected to be refused. */
const SHORT_NATURAL_DONE_MS = 300;
const WAIT_TIMEOUT_MS = 4000;
/** A run still going this long ignored its deadline: it fails (THREW) instead of hanging the matrix. */
const RUN_BOUND_MS = WAIT_TIMEOUT_MS + 6000;
/**
 * A cancel takes effect as the emulator receives it, before it answers. The two operations of a
 * `list` run must end in the same poll round: when one is seen done and the other still running,
 * the waiter rightly polls the last one of its parent with a `get`, which this matrix reads as a
 * list fallback. With a 20 ms delay, equal to the first poll delay, the first poll landed on the
 * millisecond the operations ended, between two cancels that arrived about 1 ms apart (Node timers
 * can fire early against Date.now), and split them in ~2% of list runs.
 */
const CANCEL_DELAY_MS = 0;
const PARENT = "projects/fault-matrix/locations/global";

const CLIENT_RETRY: BackoffSchedule = {
  initialDelayMillis: 10,
  multiplier: 2,
  maxDelayMillis: 500,
  jitter: 0,
};
const POLL: BackoffSchedule = { initialDelayMillis: 20, multiplier: 1.5, maxDelayMillis: 100, jitter: 0 };
const USER = {
  client_id: "matrix-client",
  client_secret: "matrix-secret-s3",
  refresh_token: "matrix-refresh-r7",
};
const SUBJECT_TOKEN = "matrix.subject.jwt-k9";
const SECRETS = [USER.client_secret, USER.refresh_token, SUBJECT_TOKEN];

type FaultAction = FaultSpec["fault"];

export interface MatrixFault {
  id: string;
  label: string;
  /** The emulator fault action; `otherHost` is the decoy a redirect points at. */
  action: (otherHost: string) => FaultAction;
}

const status =
  (code: number, extra: Record<string, unknown> = {}) =>
  (): FaultAction => ({
    type: "status",
    status: code,
    ...extra,
  });

export const FAULTS: readonly MatrixFault[] = [
  {
    id: "429-retry-after",
    label: `429 with Retry-After: ${RETRY_AFTER_SECONDS}`,
    action: status(429, { retryAfter: String(RETRY_AFTER_SECONDS) }),
  },
  { id: "429", label: "429 without Retry-After", action: status(429) },
  { id: "500", label: "500", action: status(500) },
  { id: "502", label: "502", action: status(502) },
  { id: "503", label: "503", action: status(503) },
  { id: "504", label: "504", action: status(504) },
  { id: "reset", label: "connection reset", action: () => ({ type: "reset" }) },
  {
    id: "hang",
    label: `hang (${HANG_MS} ms, request timeout ${REQUEST_TIMEOUT_MS} ms)`,
    action: () => ({ type: "hang", ms: HANG_MS }),
  },
  { id: "malformed", label: "malformed JSON", action: () => ({ type: "malformed" }) },
  {
    id: "oversized",
    label: `oversized body (${(4 * MAX_RESPONSE_BYTES) / 1024} KiB, limit ${MAX_RESPONSE_BYTES / 1024} KiB)`,
    action: () => ({ type: "oversized", bytes: 4 * MAX_RESPONSE_BYTES }),
  },
  {
    id: "wrong-shape",
    label: "wrong shape (no `done`, both `error` and `response`)",
    action: () => ({ type: "wrong-shape" }),
  },
  {
    id: "redirect",
    label: "307 redirect to another host",
    action: (otherHost) => ({ type: "redirect", status: 307, location: `${otherHost}/steal` }),
  },
  {
    id: "401",
    label: "401 (token revoked), then a good token",
    action: () => ({ type: "unauthenticated", revoke: true }),
  },
  { id: "403", label: "403", action: status(403) },
  { id: "404", label: "404", action: status(404) },
  { id: "501", label: "501", action: status(501) },
];

/** What a careful client should do with one pair. */
export type Expected =
  /** The faulted call was repeated and the run ended with `outcome`. */
  | { kind: "retried"; outcome: Outcome; minRetryGapMs?: number; withinMs?: number; why?: string }
  /** List was rejected; the operations were polled with per-operation gets instead. */
  | { kind: "fallback"; outcome: Outcome; why?: string }
  /** A named outcome reached without repeating the faulted call. */
  | { kind: "named"; outcome: Outcome; endedAs?: Ending; why?: string }
  /** A clear terminal error: outcome ERROR with this status and a message matching `message`. */
  | { kind: "terminal"; status: RpcStatusName; message: RegExp; why?: string };

const retried = (extra: Partial<Extract<Expected, { kind: "retried" }>> = {}): Expected => ({
  kind: "retried",
  outcome: "CANCELLED",
  ...extra,
});
const fallback: Expected = { kind: "fallback", outcome: "CANCELLED", why: "list rejected: poll by get" };
const terminal = (s: RpcStatusName, message: RegExp, why?: string): Expected => ({
  kind: "terminal",
  status: s,
  message,
  ...(why ? { why } : {}),
});
const HONOURS_RETRY_AFTER = retried({ minRetryGapMs: RETRY_AFTER_SECONDS * 1000, why: "waits Retry-After" });
const ABANDONS_HANG = retried({ withinMs: HANG_MS, why: "gives up after the request timeout" });
const BAD_FIRST_REPLY = retried({ why: "cancelled anyway, then read again on the next poll" });
const NO_CREDENTIALS = (why: string) => terminal("UNAUTHENTICATED", /could not obtain credentials/, why);

/** Both token flows: transient failures retried (by google-auth-library), others a credentials error. */
const TOKEN_EXPECTED: Readonly<Record<string, Expected>> = {
  "429-retry-after": HONOURS_RETRY_AFTER,
  "429": retried(),
  "500": retried(),
  "502": retried(),
  "503": retried(),
  "504": retried(),
  reset: retried(),
  hang: ABANDONS_HANG,
  malformed: NO_CREDENTIALS("a token reply that is not JSON"),
  oversized: NO_CREDENTIALS("a token reply without access_token"),
  "wrong-shape": NO_CREDENTIALS("a token reply without access_token"),
  redirect: NO_CREDENTIALS("redirects are not followed; nothing reaches the other host"),
  "401": NO_CREDENTIALS("the token endpoint rejected the credentials"),
  "403": NO_CREDENTIALS("the token endpoint rejected the credentials"),
  "404": NO_CREDENTIALS("no token endpoint there"),
  "501": NO_CREDENTIALS("UNIMPLEMENTED is never retried"),
};

/** The expected table: CALLS × FAULTS. */
export const EXPECTED: Readonly<Record<MatrixCall, Readonly<Record<string, Expected>>>> = {
  token: TOKEN_EXPECTED,
  sts: TOKEN_EXPECTED,
  cancel: {
    "429-retry-after": HONOURS_RETRY_AFTER,
    "429": retried(),
    "500": retried(),
    "502": retried(),
    "503": retried(),
    "504": retried(),
    reset: retried(),
    hang: ABANDONS_HANG,
    malformed: terminal("UNKNOWN", /malformed JSON/),
    oversized: terminal("UNKNOWN", /exceeds maxResponseBytes/),
    "wrong-shape": {
      kind: "named",
      outcome: "CANCELLED",
      why: "cancel returns Empty: the body is ignored and the cancel took effect",
    },
    redirect: terminal("UNKNOWN", /redirects are never followed/),
    "401": retried({ why: "one token refresh" }),
    "403": terminal("PERMISSION_DENIED", /PERMISSION_DENIED/),
    "404": { kind: "named", outcome: "NOT_FOUND" },
    "501": {
      kind: "named",
      outcome: "CANCEL_UNSUPPORTED",
      endedAs: "SUCCEEDED",
      why: "onCancelUnsupported=wait: waited out",
    },
  },
  get: {
    "429-retry-after": HONOURS_RETRY_AFTER,
    "429": retried(),
    "500": retried(),
    "502": retried(),
    "503": retried(),
    "504": retried(),
    reset: retried(),
    hang: ABANDONS_HANG,
    // Issue 12: a bad reply to the first look says nothing about the operation, so its cancel still
    // goes out and the next poll reads it (it used to end as ERROR UNKNOWN with no cancel sent).
    malformed: BAD_FIRST_REPLY,
    oversized: BAD_FIRST_REPLY,
    "wrong-shape": BAD_FIRST_REPLY,
    redirect: terminal("UNKNOWN", /redirects are never followed/),
    "401": retried({ why: "one token refresh" }),
    "403": terminal("PERMISSION_DENIED", /PERMISSION_DENIED/),
    "404": { kind: "named", outcome: "NOT_FOUND" },
    "501": terminal("UNIMPLEMENTED", /UNIMPLEMENTED/),
  },
  list: {
    "429-retry-after": HONOURS_RETRY_AFTER,
    "429": retried(),
    "500": retried(),
    "502": retried(),
    "503": retried(),
    "504": retried(),
    reset: retried(),
    hang: ABANDONS_HANG,
    malformed: fallback,
    oversized: fallback,
    "wrong-shape": fallback,
    redirect: fallback,
    "401": retried({ why: "one token refresh" }),
    "403": fallback,
    "404": fallback,
    "501": retried({ why: "UNIMPLEMENTED to the name-filtered list: the same poll lists unfiltered" }),
  },
};

/** A request that reached the other host (the redirect target). */
export interface DecoyHit {
  method: string;
  path: string;
  /** It carried an Authorization header, the refresh token, the client secret or the subject token. */
  secrets: boolean;
}

/** What one run of one pair did. */
export interface RunObservation {
  kind: Expected["kind"];
  /** The outcome of every tracked operation; MIXED when they differ, THREW when the wait threw. */
  outcome: Outcome | "MIXED" | "THREW";
  status?: string;
  message?: string;
  endedAs?: string;
  /** Requests the emulator served (API and token routes), including the faulted one. */
  requests: number;
  /** Repeats of the faulted call: client retries, token refreshes and re-fetches. */
  retries: number;
  /** Time from the faulted request to the next one on the same route, at the server. */
  retryGapMs?: number;
  /** API requests whose bearer the emulator did not accept (besides the faulted one). */
  badBearer: number;
  decoyHits: DecoyHit[];
  durationMs: number;
  matched: boolean;
  /** Why it did not match. */
  mismatch?: string;
}

export interface PairResult {
  call: MatrixCall;
  fault: MatrixFault;
  expected: Expected;
  runs: RunObservation[];
}

export interface MatrixResult {
  pairs: PairResult[];
  totals: { pairs: number; runs: number; matched: number; mismatched: number };
  /** Every request the other host received, over the whole matrix. */
  decoyHits: DecoyHit[];
  durationMs: number;
}

/** A second loopback host that records whatever reaches it. */
interface Decoy {
  url: string;
  hits: DecoyHit[];
  close(): Promise<void>;
}

async function startDecoy(): Promise<Decoy> {
  const hits: DecoyHit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const secrets = req.headers.authorization !== undefined || SECRETS.some((x) => body.includes(x));
      hits.push({ method: req.method ?? "?", path: req.url ?? "?", secrets });
      res.writeHead(404).end();
    });
  });
  // Another host when the platform routes all of 127/8 to loopback (Linux), else another port.
  const host = await listenOn(server, "127.0.0.2").catch(() => listenOn(server, "127.0.0.1"));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listenOn(server: http.Server, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve(host);
    });
  });
}

function operationNames(call: MatrixCall, fault: MatrixFault, run: number): string[] {
  // Two operations under one parent make the waiter poll by list.
  const count = call === "list" ? 2 : 1;
  return Array.from({ length: count }, (_, i) => `${PARENT}/operations/${call}-${fault.id}-${run}-${i}`);
}

/** authorized_user credentials, or external_account ones (STS) for the `sts` column. */
function credentialsFor(call: MatrixCall, emu: Emulator, subjectFile: string): string {
  if (call !== "sts") return JSON.stringify({ type: "authorized_user", ...USER });
  return JSON.stringify({
    type: "external_account",
    audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/matrix/providers/m",
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    token_url: `${emu.url}/v1/token`,
    credential_source: { file: subjectFile },
  });
}

function newClient(call: MatrixCall, emu: Emulator, subjectFile: string, retries: RetryEvent[]) {
  return new OperationsClient(
    {
      endpoint: emu.url,
      credentials: credentialsFor(call, emu, subjectFile),
      oauth2TokenUrl: `${emu.url}/token`,
      requestTimeoutMillis: REQUEST_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      maxAttempts: 4,
      retry: CLIENT_RETRY,
    },
    { env: {}, onRetry: (e) => retries.push(e) },
  );
}

async function faultsFired(emu: Emulator): Promise<number> {
  const res = await fetch(`${emu.url}/emulator/faults`);
  const rules = (await res.json()) as { fired: number }[];
  return rules.reduce((n, r) => n + r.fired, 0);
}

/** What every run shares: the other host, and the external_account subject token file. */
interface Fixture {
  decoy: Decoy;
  subjectFile: string;
}

/** Run one pair once, on its own emulator (a hung request's timer dies with it). */
async function runOnce(call: MatrixCall, fault: MatrixFault, run: number, fx: Fixture) {
  const { decoy } = fx;
  const expected = EXPECTED[call][fault.id]!;
  const emu = await startEmulator({ auth: true });
  try {
    const shortLived = expected.kind === "named" && expected.outcome === "CANCEL_UNSUPPORTED";
    const names = operationNames(call, fault, run);
    for (const name of names) {
      emu.seed({
        name,
        cancelDelayMs: CANCEL_DELAY_MS,
        doneAfterMs: shortLived ? SHORT_NATURAL_DONE_MS : NATURAL_DONE_MS,
      });
    }
    emu.addFault({ route: routeOf(call), times: 1, fault: fault.action(decoy.url) });
    const retries: RetryEvent[] = [];
    const client = newClient(call, emu, fx.subjectFile, retries);
    const decoyBefore = decoy.hits.length;
    const t0 = performance.now();
    let report: WaitReport | undefined;
    let thrown: unknown;
    try {
      report = await within(
        RUN_BOUND_MS,
        (signal) =>
          cancelAndWait(
            client,
            names.map((n) => client.name(n)),
            { poll: POLL, timeoutMillis: WAIT_TIMEOUT_MS },
            { signal },
          ),
        `cancelAndWait, ${CALL_LABELS[call]} × ${fault.label}`,
      );
    } catch (err) {
      thrown = err;
    } finally {
      await client.close();
    }
    const durationMs = Math.round(performance.now() - t0);
    const observed = observe(call, {
      report,
      thrown,
      log: emu.requests(),
      retries,
      fired: await faultsFired(emu),
      decoyHits: decoy.hits.slice(decoyBefore),
      durationMs,
    });
    return judge(expected, observed);
  } finally {
    await emu.close();
  }
}

interface RawRun {
  report: WaitReport | undefined;
  thrown: unknown;
  log: RequestLogEntry[];
  retries: RetryEvent[];
  fired: number;
  decoyHits: DecoyHit[];
  durationMs: number;
}

const ok = (e: RequestLogEntry) => e.status >= 200 && e.status < 300;
const isApi = (e: RequestLogEntry) => e.route === "get" || e.route === "list" || e.route === "cancel";

function retryGap(call: MatrixCall, log: RequestLogEntry[]): { retryGapMs?: number } {
  const route = routeOf(call);
  const faulted = log.find((e) => e.route === route && e.fault !== undefined);
  const next = faulted && log.find((e) => e.route === route && e.seq > faulted.seq);
  return faulted && next ? { retryGapMs: next.timeMs - faulted.timeMs } : {};
}

function observe(call: MatrixCall, raw: RawRun): Omit<RunObservation, "matched"> {
  const { report, log } = raw;
  const results = report?.results ?? [];
  const outcomes = [...new Set(results.map((r) => r.outcome))];
  const outcome: RunObservation["outcome"] =
    raw.thrown !== undefined ? "THREW" : outcomes.length === 1 ? outcomes[0]! : "MIXED";
  const first = results[0];
  // The fault fires once, on the call's first request: a later 2xx on that route is a repeat.
  const route = routeOf(call);
  const repeated = raw.fired > 0 && log.some((e) => e.route === route && e.fault === undefined && ok(e));
  const fellBack = call === "list" && log.some((e) => e.route === "get");
  const kind: Expected["kind"] =
    outcome === "ERROR" ? "terminal" : fellBack ? "fallback" : repeated ? "retried" : "named";
  // google-auth-library retries token requests out of our sight: count the repeat the log shows.
  const tokenRepeats = route === "token" && repeated ? 1 : 0;
  const thrownText = raw.thrown instanceof Error ? raw.thrown.message : raw.thrown;
  return {
    kind,
    outcome,
    ...(first?.error ? { status: first.error.status, message: first.error.message } : {}),
    ...(raw.thrown !== undefined ? { message: `threw: ${String(thrownText)}` } : {}),
    ...(first?.endedAs ? { endedAs: first.endedAs } : {}),
    requests: log.length,
    retries: raw.retries.length + tokenRepeats,
    ...retryGap(call, log),
    badBearer: log.filter((e) => isApi(e) && !e.authorized && e.fault === undefined).length,
    decoyHits: raw.decoyHits,
    durationMs: raw.durationMs,
  };
}

/** Compare one observation with the expectation; every difference is listed in `mismatch`. */
export function judge(expected: Expected, o: Omit<RunObservation, "matched">): RunObservation {
  const problems: string[] = [];
  const want = expected.kind === "terminal" ? "ERROR" : expected.outcome;
  if (o.kind !== expected.kind) problems.push(`kind ${o.kind}, expected ${expected.kind}`);
  if (o.outcome !== want) problems.push(`outcome ${o.outcome}, expected ${want}`);
  if (expected.kind === "terminal") {
    if (o.status !== expected.status) problems.push(`status ${o.status}, expected ${expected.status}`);
    if (!expected.message.test(o.message ?? "")) problems.push(`message ${JSON.stringify(o.message)}`);
  }
  if (expected.kind === "named" && expected.endedAs !== undefined && o.endedAs !== expected.endedAs) {
    problems.push(`endedAs ${o.endedAs}, expected ${expected.endedAs}`);
  }
  if (expected.kind !== "retried" && o.retries > 0)
    problems.push(`retried ${o.retries} time(s), expected none`);
  if (expected.kind === "retried") {
    const gap = o.retryGapMs ?? 0;
    if (expected.minRetryGapMs !== undefined && gap < expected.minRetryGapMs) {
      problems.push(`retried after ${gap} ms, expected ≥ ${expected.minRetryGapMs} ms`);
    }
    if (expected.withinMs !== undefined && o.durationMs >= expected.withinMs) {
      problems.push(`took ${o.durationMs} ms, expected < ${expected.withinMs} ms`);
    }
  }
  if (o.decoyHits.length > 0) problems.push(`the other host received ${o.decoyHits.length} request(s)`);
  if (o.badBearer > 0) problems.push(`${o.badBearer} API request(s) with a bearer the server rejected`);
  return {
    ...o,
    matched: problems.length === 0,
    ...(problems.length ? { mismatch: problems.join("; ") } : {}),
  };
}

/** Every pair of CALLS × FAULTS, `repeats` times each (sequentially: timings stay honest). */
export async function runFaultMatrix(opts: { repeats?: number } = {}): Promise<MatrixResult> {
  const repeats = opts.repeats ?? 1;
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-fault-matrix-"));
  const subjectFile = path.join(dir, "subject-token");
  writeFileSync(subjectFile, SUBJECT_TOKEN);
  const decoy = await startDecoy();
  const t0 = performance.now();
  const pairs: PairResult[] = [];
  try {
    for (const fault of FAULTS) {
      for (const call of CALLS) {
        const runs: RunObservation[] = [];
        for (let run = 0; run < repeats; run++) {
          runs.push(await runOnce(call, fault, run, { decoy, subjectFile }));
        }
        pairs.push({ call, fault, expected: EXPECTED[call][fault.id]!, runs });
      }
    }
  } finally {
    await decoy.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const all = pairs.flatMap((p) => p.runs);
  const matched = all.filter((r) => r.matched).length;
  return {
    pairs,
    totals: { pairs: pairs.length, runs: all.length, matched, mismatched: all.length - matched },
    decoyHits: decoy.hits,
    durationMs: Math.round(performance.now() - t0),
  };
}

/** Short text for an expectation or an observation, as a table cell shows it. */
function describe(d: {
  kind: Expected["kind"];
  outcome?: string;
  endedAs?: string;
  status?: string;
}): string {
  switch (d.kind) {
    case "retried":
      return `retried → ${d.outcome}`;
    case "fallback":
      return `list refused, polled by get → ${d.outcome}`;
    case "named":
      return d.endedAs ? `${d.outcome} (ended ${d.endedAs})` : `${d.outcome}`;
    case "terminal":
      return `ERROR ${d.status}`;
  }
}

export function describeExpected(e: Expected): string {
  return describe(e);
}

function cell(p: PairResult): string {
  const n = p.runs.length;
  const good = p.runs.filter((r) => r.matched).length;
  if (good === n) return `${describeExpected(p.expected)} ×${good}/${n}`;
  const bad = p.runs.find((r) => !r.matched)!;
  return `✗ expected ${describeExpected(p.expected)}, got ${describe(bad)} (${bad.mismatch}) ×${good}/${n}`;
}

function costCell(p: PairResult): string {
  const mean = (f: (r: RunObservation) => number) => p.runs.reduce((s, r) => s + f(r), 0) / p.runs.length;
  const max = Math.max(...p.runs.map((r) => r.durationMs));
  return `${round1(mean((r) => r.requests))} req · ${round1(mean((r) => r.retries))} retry · ≤${max} ms`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function grid(result: MatrixResult, render: (p: PairResult) => string): string[] {
  const header = CALLS.map((c) => CALL_LABELS[c]);
  const lines = [`| Fault | ${header.join(" | ")} |`, `| --- | ${CALLS.map(() => "---").join(" | ")} |`];
  for (const fault of FAULTS) {
    const row = CALLS.map((call) => {
      const p = result.pairs.find((x) => x.call === call && x.fault.id === fault.id);
      return p ? render(p).replaceAll("|", "\\|") : "—";
    });
    lines.push(`| ${fault.label} | ${row.join(" | ")} |`);
  }
  return lines;
}

/** The matrix as a markdown section (for docs/RELIABILITY.md). */
export function renderFaultMatrix(result: MatrixResult): string {
  const { totals } = result;
  const secrets = result.decoyHits.filter((h) => h.secrets).length;
  return [
    "## Fault matrix",
    "",
    "Each fault is injected by the emulator (auth on) once, on the first request of one call, and each",
    "run is a real `cancelAndWait` with credentials fetched by google-auth-library (`authorized_user`,",
    "or `external_account` through STS for that column). `list` runs track two operations under one",
    `parent, so the waiter polls by list. Request timeout ${REQUEST_TIMEOUT_MS} ms, response limit`,
    `${MAX_RESPONSE_BYTES / 1024} KiB. A cell reads expected outcome ×runs that matched / runs.`,
    "",
    "- _retried_: the faulted call was repeated (Retry-After waited out, a hung request abandoned",
    "  after the request timeout, a 401 answered with one token refresh) and the operation was cancelled.",
    "  A bad reply (malformed, oversized, wrong shape) to the first get is not the end: the cancel",
    "  still goes out and the next poll reads the operation again.",
    "- _list refused, polled by get_: a list that fails is dropped for per-operation gets (and tried",
    "  again after 30 s).",
    "- _ERROR_: a clear terminal error that fails the step: a refused token request is",
    "  UNAUTHENTICATED (`could not obtain credentials`), a bad reply to a cancel, or a redirect",
    "  (never followed), is UNKNOWN. The step fails; a rerun picks the operation up.",
    "- A cancel's reply is `Empty`: a wrong-shaped body there is ignored.",
    `- undici checks timeouts on a coarse clock: an API request's ${REQUEST_TIMEOUT_MS} ms timeout fires`,
    "  after 0.5–1 s. Token requests (google-auth-library) time out on time.",
    "",
    ...grid(result, cell),
    "",
    "Cost per run (mean requests at the server, mean repeats of the faulted call, slowest run):",
    "",
    ...grid(result, costCell),
    "",
    `Totals: ${totals.pairs} pairs, ${totals.runs} runs, ${totals.matched} matched, ${totals.mismatched} mismatched,`,
    `in ${round1(result.durationMs / 1000)} s. The other host (redirect target) received ${result.decoyHits.length}`,
    `request(s), ${secrets} of them with credentials.`,
    "",
  ].join("\n");
}
