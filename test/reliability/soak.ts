import { performance } from "node:perf_hooks";
import { OperationsClient } from "../../src/client/operations-client";
import {
  startEmulator,
  type Emulator,
  type FaultSpec,
  type RequestLogEntry,
  type SeedSpec,
} from "../../src/emulator";
import type { BackoffSchedule } from "../../src/core/backoff";
import type { Ending, OperationResult, Outcome } from "../../src/lro/outcomes";
import { cancelAndWait, type WaitReport } from "../../src/wait/waiter";
import type { ProgressEvent } from "../../src/wait/progress";
import { Prng } from "./prng";

/**
 * The soak: many operations with a known expected outcome each, random transient faults on every
 * API route, the real `cancelAndWait` over real sockets, then an audit that nothing was lost,
 * duplicated or misreported.
 */
export interface SoakOptions {
  operations: number;
  /** Probability that any one API request is faulted (503 + Retry-After, 500, 429 or a reset). */
  faultRate: number;
  seed: number;
  /** @default 8 */
  parents?: number;
}

/** One operation whose report did not match what was seeded. */
export interface SoakMismatch {
  name: string;
  expected: string;
  actual: string;
}

export interface SoakResult {
  operations: number;
  parents: number;
  faultRate: number;
  seed: number;
  /** Operation names passed to the waiter, duplicates (the same name with and without `v1/`) included. */
  namesPassed: number;
  /** Expected outcomes, after settling the UNIMPLEMENTED races (see `raced`). */
  expected: Partial<Record<Outcome, number>>;
  outcomes: Partial<Record<string, number>>;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** API requests the emulator saw (faulted ones included). */
  requests: number;
  /** Requests the waiter's report counted (should equal `requests`). */
  reportedRequests: number;
  retries: number;
  /** Seeded operations missing from the report or left unresolved (TIMED_OUT). */
  lost: number;
  /** Report rows beyond the first for one operation, plus rows for names never seeded. */
  duplicated: number;
  wrongOutcome: number;
  /**
   * UNIMPLEMENTED operations that ended on their own before any cancel reached the server (slow
   * cancel phase under heavy faults). Their expected outcome is SUCCEEDED (or ALREADY_DONE), not
   * CANCEL_UNSUPPORTED: the server log decides which.
   */
  raced: number;
  /** Operations the emulator does not show as done or gone after the run. */
  notTerminalAtServer: number;
  /** Attempts per call the client was given (the bound for `maxCancelRequests` in one round). */
  maxAttempts: number;
  /** Most `:cancel` requests one operation received, faulted ones included. */
  maxCancelRequests: number;
  /** Most cancels the emulator actually handled for one operation (its `cancelCount`). */
  maxCancelsHandled: number;
  /** When the first and the last cancel were answered (ms after the waiter started). */
  firstCancelMs: number | null;
  lastCancelMs: number | null;
  wallMs: number;
  /** The first few mismatches, for diagnosis. */
  mismatches: SoakMismatch[];
  /** Set when the waiter threw instead of returning a report. */
  error?: string;
  ok: boolean;
}

interface Planned {
  /** Without version prefix, as the emulator knows it. */
  name: string;
  expected: Outcome;
  endedAs?: Ending;
  spec: SeedSpec;
}

type Behaviour = (rng: Prng, name: string, margin: number) => Planned;

const FAST_POLL: BackoffSchedule = {
  initialDelayMillis: 20,
  multiplier: 1.3,
  maxDelayMillis: 200,
  jitter: 0.1,
};
const FAST_RETRY: BackoffSchedule = { initialDelayMillis: 5, multiplier: 2, maxDelayMillis: 50, jitter: 0.5 };
const MAX_ATTEMPTS = 10;
const MAX_MISMATCHES = 20;

const BEHAVIOURS: ReadonlyArray<readonly [Behaviour, number]> = [
  [(rng, name) => ({ name, expected: "CANCELLED", spec: { name, cancelDelayMs: rng.int(0, 800) } }), 40],
  [
    (rng, name) => ({
      name,
      expected: "SUCCEEDED",
      spec: { name, onCancel: "complete", cancelDelayMs: rng.int(0, 800) },
    }),
    12,
  ],
  [
    (rng, name) => ({
      name,
      expected: "FAILED",
      spec: {
        name,
        onCancel: "fail",
        failCode: rng.weighted([
          [10, 1],
          [13, 1],
          [9, 1],
        ]),
        cancelDelayMs: rng.int(0, 800),
      },
    }),
    12,
  ],
  [
    // UNIMPLEMENTED, then waited out: it must still be running when its cancel is answered.
    (rng, name, margin) => ({
      name,
      expected: "CANCEL_UNSUPPORTED",
      endedAs: "SUCCEEDED",
      spec: { name, onCancel: "unimplemented", doneAfterMs: margin + rng.int(0, 1000) },
    }),
    12,
  ],
  [
    (rng, name) => {
      const failed = rng.float() < 0.5;
      return {
        name,
        expected: "ALREADY_DONE",
        endedAs: failed ? "FAILED" : "SUCCEEDED",
        spec: { name, doneAfterMs: 0, ...(failed ? { result: "error", errorCode: 9 } : {}) },
      };
    },
    12,
  ],
  [
    // Gone from the start, or accepted a cancel that never lands and then disappears mid-wait.
    (rng, name) => ({
      name,
      expected: "NOT_FOUND",
      spec:
        rng.float() < 0.5
          ? { name, goneAfterMs: 0 }
          : { name, onCancel: "ignore", goneAfterMs: rng.int(300, 1500) },
    }),
    12,
  ],
];

/** Retry-After: 1 s is honoured, capped by the client at 6 × the retry cap (300 ms here). */
const FAULT_KINDS: ReadonlyArray<readonly [string, FaultSpec["fault"]]> = [
  ["503 + Retry-After", { type: "status", status: 503, retryAfter: "1" }],
  ["500", { type: "status", status: 500 }],
  ["429", { type: "status", status: 429 }],
  ["reset", { type: "reset" }],
];

function parentName(i: number): string {
  return i % 4 === 3
    ? `organizations/${100200 + i}/locations/global`
    : `projects/soak-${i}/locations/us-east1`;
}

/**
 * How long an UNIMPLEMENTED operation runs: long enough that its cancel is normally answered (501)
 * first. When heavy faults make the cancel phase slower still, `settleRaces` reads the right
 * expectation from the server's log instead.
 */
function unsupportedMargin(operations: number): number {
  return 1500 + operations * 3;
}

function plan(opts: SoakOptions, rng: Prng): Planned[] {
  const parents = opts.parents ?? 8;
  const margin = unsupportedMargin(opts.operations);
  return Array.from({ length: opts.operations }, (_, i) => {
    const name = `${parentName(i % parents)}/operations/soak-${i}`;
    return rng.weighted(BEHAVIOURS)(rng, name, margin);
  });
}

/** Register faults on every API route so that one request is faulted with probability `rate`. */
function addFaults(emu: Emulator, rate: number, rng: Prng): Map<string, string> {
  const kinds = new Map<string, string>();
  if (rate <= 0) return kinds;
  const each = 1 - Math.pow(1 - rate, 1 / FAULT_KINDS.length);
  for (const [kind, fault] of FAULT_KINDS) {
    kinds.set(emu.addFault({ route: "any", probability: each, seed: rng.seed(), fault }), kind);
  }
  return kinds;
}

/** The names handed to the waiter: every operation once, a few twice (with an explicit `v1/`). */
function namesToPass(planned: Planned[], rng: Prng): string[] {
  const names = planned.map((p) => p.name);
  for (const p of planned) if (rng.float() < 0.03) names.push(`v1/${p.name}`);
  return names;
}

function count<T extends string>(items: readonly T[]): Partial<Record<T, number>> {
  const out: Partial<Record<T, number>> = {};
  for (const x of items) out[x] = (out[x] ?? 0) + 1;
  return out;
}

function describe(r: OperationResult): string {
  return `${r.outcome}${r.endedAs ? `(${r.endedAs})` : ""}${r.error ? ` ${r.error.status}: ${r.error.message}` : ""}`;
}

interface Audit {
  lost: number;
  duplicated: number;
  wrongOutcome: number;
  mismatches: SoakMismatch[];
}

/** Compare the report with the plan: every operation exactly once, with its expected outcome. */
function audit(planned: readonly Planned[], results: readonly OperationResult[]): Audit {
  const byName = new Map<string, OperationResult[]>();
  for (const r of results) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const out: Audit = { lost: 0, duplicated: 0, wrongOutcome: 0, mismatches: [] };
  const note = (m: SoakMismatch) => {
    if (out.mismatches.length < MAX_MISMATCHES) out.mismatches.push(m);
  };
  const want = (p: Planned) => `${p.expected}${p.endedAs ? `(${p.endedAs})` : ""}`;
  for (const p of planned) {
    const rows = byName.get(`v1/${p.name}`) ?? [];
    byName.delete(`v1/${p.name}`);
    out.duplicated += Math.max(0, rows.length - 1);
    const r = rows[0];
    if (r === undefined || r.outcome === "TIMED_OUT") {
      out.lost++;
      note({ name: p.name, expected: want(p), actual: r ? describe(r) : "missing" });
    } else if (r.outcome !== p.expected || (p.endedAs !== undefined && r.endedAs !== p.endedAs)) {
      out.wrongOutcome++;
      note({ name: p.name, expected: want(p), actual: describe(r) });
    }
  }
  for (const [name, rows] of byName) {
    out.duplicated += rows.length;
    note({ name, expected: "not in the report", actual: rows.map(describe).join(", ") });
  }
  return out;
}

interface ServerFigures {
  requests: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  maxCancelRequests: number;
  maxCancelsHandled: number;
  notTerminalAtServer: number;
}

/**
 * An UNIMPLEMENTED operation is CANCEL_UNSUPPORTED only if the server answered one of its cancels
 * with 501. If it had already ended, the cancel got `{}` (SUCCEEDED) or was never sent because the
 * first look saw it done (ALREADY_DONE). The server's log is the oracle for that race.
 */
function settleRaces(
  planned: readonly Planned[],
  log: readonly RequestLogEntry[],
): { planned: Planned[]; raced: number } {
  const answered = new Map<string, number[]>();
  for (const e of log)
    if (e.route === "cancel") answered.set(e.path, [...(answered.get(e.path) ?? []), e.status]);
  let raced = 0;
  const settled = planned.map((p): Planned => {
    if (p.expected !== "CANCEL_UNSUPPORTED") return p;
    const statuses = answered.get(`/v1/${p.name}:cancel`) ?? [];
    if (statuses.includes(501)) return p;
    raced++;
    const { endedAs, ...rest } = p;
    return statuses.includes(200)
      ? { ...rest, expected: "SUCCEEDED" }
      : { ...rest, expected: "ALREADY_DONE", endedAs };
  });
  return { planned: settled, raced };
}

/** What the emulator saw: requests, faults, cancels per operation, final states. */
function serverFigures(emu: Emulator, faultKinds: Map<string, string>): ServerFigures {
  const log = emu.requests();
  const faultsByKind: Record<string, number> = {};
  const cancels = new Map<string, number>();
  for (const e of log) {
    if (e.fault !== undefined) {
      const kind = faultKinds.get(e.fault) ?? e.fault;
      faultsByKind[kind] = (faultsByKind[kind] ?? 0) + 1;
    }
    if (e.route === "cancel") cancels.set(e.path, (cancels.get(e.path) ?? 0) + 1);
  }
  const ops = emu.operations();
  return {
    requests: log.length,
    faultsInjected: log.filter((e) => e.fault !== undefined).length,
    faultsByKind,
    maxCancelRequests: Math.max(0, ...cancels.values()),
    maxCancelsHandled: Math.max(0, ...ops.map((o) => o.cancelCount)),
    notTerminalAtServer: ops.filter((o) => o.doneAtMs === null && o.goneAtMs === null).length,
  };
}

async function runWaiter(
  emu: Emulator,
  names: readonly string[],
  rng: Prng,
  onProgress: (e: ProgressEvent) => void,
): Promise<WaitReport> {
  const random = new Prng(rng.seed()).float;
  const client = new OperationsClient(
    { endpoint: emu.url, noAuth: true, retry: FAST_RETRY, maxAttempts: MAX_ATTEMPTS },
    { env: {}, random },
  );
  try {
    return await cancelAndWait(
      client,
      names.map((n) => client.name(n)),
      { poll: FAST_POLL, timeoutMillis: 120_000 + names.length * 100 },
      { onProgress, random },
    );
  } finally {
    await client.close();
  }
}

/** Counts retries and times the cancel phase from the waiter's progress events. */
class ProgressTally {
  retries = 0;
  firstCancelMs: number | undefined;
  lastCancelMs: number | undefined;
  private readonly t0 = performance.now();

  readonly onProgress = (e: ProgressEvent): void => {
    if (e.type === "retry") this.retries++;
    if (e.type !== "cancel-sent" && e.type !== "cancel-unsupported") return;
    const at = Math.round(performance.now() - this.t0);
    this.firstCancelMs ??= at;
    this.lastCancelMs = at;
  };
}

async function waitOrError(run: () => Promise<WaitReport>): Promise<{ report?: WaitReport; error?: string }> {
  try {
    return { report: await run() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Run one soak and audit it. Never throws for a misbehaving waiter: that shows up in the result. */
export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const rng = new Prng(opts.seed);
  const planned = plan(opts, rng);
  const emu = await startEmulator({ maxLogEntries: 10_000_000 });
  try {
    for (const p of planned) emu.seed(p.spec);
    const faultKinds = addFaults(emu, opts.faultRate, rng);
    const names = namesToPass(planned, rng);
    const tally = new ProgressTally();
    const t0 = performance.now();
    const { report, error } = await waitOrError(() => runWaiter(emu, names, rng, tally.onProgress));
    const wallMs = Math.round(performance.now() - t0);
    const { planned: settled, raced } = settleRaces(planned, emu.requests());
    const found = audit(settled, report?.results ?? []);
    const server = serverFigures(emu, faultKinds);
    return {
      operations: opts.operations,
      parents: opts.parents ?? 8,
      faultRate: opts.faultRate,
      seed: opts.seed,
      namesPassed: names.length,
      expected: count(settled.map((p) => p.expected)),
      outcomes: count((report?.results ?? []).map((r) => r.outcome)),
      ...server,
      reportedRequests: report?.requests ?? 0,
      retries: tally.retries,
      maxAttempts: MAX_ATTEMPTS,
      raced,
      ...found,
      firstCancelMs: tally.firstCancelMs ?? null,
      lastCancelMs: tally.lastCancelMs ?? null,
      wallMs,
      ...(error !== undefined ? { error } : {}),
      ok:
        error === undefined &&
        found.lost + found.duplicated + found.wrongOutcome === 0 &&
        server.notTerminalAtServer === 0 &&
        server.maxCancelsHandled <= 1,
    };
  } finally {
    await emu.close();
  }
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

function secs(ms: number | null): string {
  return ms === null ? "n/a" : `${(ms / 1000).toFixed(1)} s`;
}

function mix(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${fmt(v ?? 0)}`)
    .join(", ");
}

/** A markdown section for docs/RELIABILITY.md. */
export function renderSoak(r: SoakResult): string {
  const pct = (r.faultRate * 100).toFixed(0);
  const rows: Array<[string, string]> = [
    ["Operations (parents)", `${fmt(r.operations)} (${r.parents}); ${fmt(r.namesPassed)} names passed`],
    ["Expected outcomes", mix(r.expected)],
    ["Reported outcomes", mix(r.outcomes)],
    ["Faults injected", `${fmt(r.faultsInjected)}: ${mix(r.faultsByKind)}`],
    ["API requests at the server", `${fmt(r.requests)} (the report counted ${fmt(r.reportedRequests)})`],
    ["Client retries", fmt(r.retries)],
    ["**Lost / duplicated / wrong outcome**", `**${r.lost} / ${r.duplicated} / ${r.wrongOutcome}**`],
    ["UNIMPLEMENTED operations that ended before their cancel landed", fmt(r.raced)],
    ["Not terminal at the server afterwards", fmt(r.notTerminalAtServer)],
    [
      "Most `:cancel` requests for one operation (handled)",
      `${r.maxCancelRequests} (${r.maxCancelsHandled})`,
    ],
    ["Cancels answered (first, last)", `${secs(r.firstCancelMs)}, ${secs(r.lastCancelMs)} after the start`],
    ["Wall time", secs(r.wallMs)],
  ];
  const lines = [
    `### Soak: ${fmt(r.operations)} operations, ${pct}% faults (seed ${r.seed})`,
    "",
    "| Measure | Value |",
    "| --- | --- |",
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    "",
    r.ok ? "Result: **pass**: nothing lost, duplicated or misreported." : "Result: **FAIL**.",
  ];
  if (r.error) lines.push("", `The waiter threw: \`${r.error}\``);
  if (r.mismatches.length > 0) {
    lines.push("", "| Operation | Expected | Reported |", "| --- | --- | --- |");
    for (const m of r.mismatches) lines.push(`| \`${m.name}\` | ${m.expected} | ${m.actual} |`);
  }
  return `${lines.join("\n")}\n`;
}
