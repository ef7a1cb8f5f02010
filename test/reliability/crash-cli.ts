import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type Emulator, type OperationSnapshot, type SeedSpec } from "../../src/emulator";
import type { Ending } from "../../src/lro/outcomes";
import { Prng } from "./prng";

/**
 * Crash and resume: the real CLI cancels and waits, is SIGKILLed at a random point, and the same
 * command is run again to completion. Nothing may be lost, and a repeated cancel must do no harm.
 */
export interface CrashOptions {
  trials: number;
  operations: number;
  seed: number;
  /** The compiled CLI. @default `src/cli/main.js` next to this file's compiled tree */
  cli?: string;
}

/** A rerun row as `beyondcorp-ops cancel --wait --json` prints it. */
interface CliRow {
  name: string;
  outcome: string;
  endedAs?: string;
  error?: { code: number; status: string; message: string };
}

export interface CrashProblem {
  name: string;
  problem: string;
}

export interface CrashTrial {
  trial: number;
  /** Delay between the first cancel landing and the SIGKILL. */
  killDelayMs: number;
  /** When the SIGKILL was sent, ms after run 1 was spawned; null when run 1 exited first. */
  killedAtMs: number | null;
  /** Operations done at the server right after run 1 died. */
  terminalAfterRun1: number;
  /** Operations whose cancel the server had accepted when run 1 died. */
  cancelRequestedAfterRun1: number;
  /** `:cancel` requests the server saw from run 1 and from the rerun. */
  cancelsRun1: number;
  cancelsRun2: number;
  /** Operations that received more than one cancel across both runs. */
  cancelledTwice: number;
  maxCancelsPerOperation: number;
  rerunExitCode: number | null;
  rerunMs: number;
  rerunOutcomes: Record<string, number>;
  /** Rerun rows with an ending other than the seeded one, missing, duplicated or unknown. */
  inconsistent: number;
  /** Operations not done at the server after the rerun. */
  notDoneAtServer: number;
  /** Operations whose end at the server is not `first cancel + cancelDelayMs`, or ended otherwise. */
  harmed: number;
  problems: CrashProblem[];
  ok: boolean;
}

export interface CrashResult {
  trials: CrashTrial[];
  operations: number;
  seed: number;
  passed: number;
  wallMs: number;
}

interface Planned {
  name: string;
  ending: Ending;
  cancelDelayMs: number;
  spec: SeedSpec;
}

const PARENTS = ["projects/crash-a/locations/global", "organizations/424242/locations/us-central1"];
const ON_CANCEL: ReadonlyArray<readonly [["cancel" | "complete" | "fail", Ending], number]> = [
  [["cancel", "CANCELLED"], 6],
  [["complete", "SUCCEEDED"], 2],
  [["fail", "FAILED"], 2],
];
/** Per-request latency at the emulator, so the cancel phase lasts long enough to be interrupted. */
const LATENCY_MS = 25;
const RERUN_LIMIT_MS = 60_000;
const MAX_PROBLEMS = 10;

function defaultCli(): string {
  return path.resolve(__dirname, "../../src/cli/main.js");
}

function plan(trial: number, operations: number, rng: Prng): Planned[] {
  return Array.from({ length: operations }, (_, i) => {
    const name = `${PARENTS[i % PARENTS.length]}/operations/crash-${trial}-${i}`;
    const [onCancel, ending] = rng.weighted(ON_CANCEL);
    const cancelDelayMs = rng.int(300, 3000);
    return { name, ending, cancelDelayMs, spec: { name, onCancel, cancelDelayMs, failCode: 10 } };
  });
}

/** Kill early (while cancels are still going out) one time in four, else anywhere in the wait. */
function killDelay(rng: Prng): number {
  return rng.float() < 0.25 ? rng.int(0, 60) : rng.int(60, 3000);
}

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  closed: Promise<number | null>;
}

function spawnCli(cli: string, args: string[]): Spawned {
  const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env["PATH"] } });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, closed };
}

function cancelRequests(emu: Emulator): number {
  return emu.requests().filter((e) => e.route === "cancel").length;
}

/** Resolves when the first cancel has landed at the server, or when the process has exited. */
async function firstCancel(emu: Emulator, run: Spawned): Promise<void> {
  let exited = false;
  void run.closed.then(() => (exited = true));
  while (!exited && cancelRequests(emu) === 0) await sleep(5);
}

/** Run 1: start the CLI, SIGKILL it `delayMs` after its first cancel landed. */
async function runAndKill(
  emu: Emulator,
  cli: string,
  args: string[],
  delayMs: number,
): Promise<{ killedAtMs: number | null }> {
  const t0 = performance.now();
  const run = spawnCli(cli, args);
  await firstCancel(emu, run);
  const outcome = await Promise.race([run.closed.then(() => "exited"), sleep(delayMs).then(() => "kill")]);
  let killedAtMs: number | null = null;
  if (outcome === "kill" && run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill("SIGKILL");
    killedAtMs = Math.round(performance.now() - t0);
  }
  await run.closed;
  await sleep(LATENCY_MS * 2); // let requests already in flight at the server finish
  return { killedAtMs };
}

function countBy(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/** The ending a rerun row reports: the outcome itself, or how an ALREADY_DONE operation ended. */
function endingOf(row: CliRow): string {
  return row.outcome === "ALREADY_DONE" ? `ALREADY_DONE(${row.endedAs ?? "?"})` : row.outcome;
}

function consistent(row: CliRow, p: Planned): boolean {
  return row.outcome === "ALREADY_DONE" ? row.endedAs === p.ending : row.outcome === p.ending;
}

function checkRows(planned: readonly Planned[], rows: readonly CliRow[], problems: CrashProblem[]): number {
  const byName = new Map<string, CliRow[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  let bad = 0;
  for (const p of planned) {
    const mine = byName.get(`v1/${p.name}`) ?? [];
    byName.delete(`v1/${p.name}`);
    const row = mine[0];
    if (mine.length !== 1 || row === undefined || !consistent(row, p)) {
      bad++;
      problems.push({
        name: p.name,
        problem: `expected ${p.ending}, rerun reported ${mine.map(endingOf).join(", ") || "nothing"}`,
      });
    }
  }
  for (const [name] of byName) {
    bad++;
    problems.push({ name, problem: "reported but never seeded" });
  }
  return bad;
}

/** How the server says an operation ended. */
function serverEnding(op: Record<string, unknown>): Ending | undefined {
  if (op["done"] !== true) return undefined;
  const error = op["error"] as { code?: number } | undefined;
  if (error === undefined) return "SUCCEEDED";
  return error.code === 1 ? "CANCELLED" : "FAILED";
}

/** No duplicate-cancel harm: each operation ended as seeded, at first cancel + its delay. */
function checkServer(
  planned: readonly Planned[],
  ops: readonly OperationSnapshot[],
  problems: CrashProblem[],
): { notDone: number; harmed: number } {
  const byName = new Map(ops.map((o) => [o.name, o]));
  let notDone = 0;
  let harmed = 0;
  for (const p of planned) {
    const o = byName.get(p.name);
    if (o === undefined || o.doneAtMs === null) {
      notDone++;
      problems.push({ name: p.name, problem: "not done at the server" });
      continue;
    }
    const ending = serverEnding(o.operation);
    const due = o.cancelRequestedAtMs === null ? null : o.cancelRequestedAtMs + p.cancelDelayMs;
    if (ending !== p.ending || o.doneAtMs !== due) {
      harmed++;
      problems.push({
        name: p.name,
        problem: `server: ended ${ending ?? "?"} at ${o.doneAtMs}, expected ${p.ending} at ${due ?? "?"}`,
      });
    }
  }
  return { notDone, harmed };
}

function parseRows(stdout: string, problems: CrashProblem[]): CliRow[] {
  try {
    const rows = JSON.parse(stdout) as unknown;
    if (Array.isArray(rows)) return rows as CliRow[];
  } catch {
    // reported below
  }
  problems.push({ name: "(rerun)", problem: `stdout is not a JSON array: ${stdout.slice(0, 200)}` });
  return [];
}

async function rerun(
  cli: string,
  args: string[],
): Promise<{ code: number | null; ms: number; run: Spawned }> {
  const t0 = performance.now();
  const run = spawnCli(cli, args);
  const timer = setTimeout(() => run.child.kill("SIGKILL"), RERUN_LIMIT_MS);
  const code = await run.closed;
  clearTimeout(timer);
  return { code, ms: Math.round(performance.now() - t0), run };
}

/** One trial: fresh emulator, run 1 killed mid-wait, run 2 to completion, then the checks. */
async function runTrial(trial: number, operations: number, rng: Prng, cli: string): Promise<CrashTrial> {
  const planned = plan(trial, operations, rng);
  const delayMs = killDelay(rng);
  const emu = await startEmulator({ latencyMs: LATENCY_MS });
  try {
    for (const p of planned) emu.seed(p.spec);
    const args = [
      "cancel",
      ...planned.map((p) => p.name),
      "--wait",
      "--json",
      "--endpoint",
      emu.url,
      "--no-auth",
    ];
    const { killedAtMs } = await runAndKill(emu, cli, args, delayMs);
    const after1 = emu.operations();
    const cancelsRun1 = cancelRequests(emu);
    const second = await rerun(cli, args);
    const problems: CrashProblem[] = [];
    if (second.code !== 0)
      problems.push({ name: "(rerun)", problem: `exit ${second.code}: ${second.run.stderr().slice(-300)}` });
    const rows = parseRows(second.run.stdout(), problems);
    const inconsistent = checkRows(planned, rows, problems);
    const final = emu.operations();
    const { notDone, harmed } = checkServer(planned, final, problems);
    const counts = final.map((o) => o.cancelCount);
    return {
      trial,
      killDelayMs: delayMs,
      killedAtMs,
      terminalAfterRun1: after1.filter((o) => o.doneAtMs !== null).length,
      cancelRequestedAfterRun1: after1.filter((o) => o.cancelRequestedAtMs !== null).length,
      cancelsRun1,
      cancelsRun2: cancelRequests(emu) - cancelsRun1,
      cancelledTwice: counts.filter((c) => c > 1).length,
      maxCancelsPerOperation: Math.max(0, ...counts),
      rerunExitCode: second.code,
      rerunMs: second.ms,
      rerunOutcomes: countBy(rows.map(endingOf)),
      inconsistent,
      notDoneAtServer: notDone,
      harmed,
      problems: problems.slice(0, MAX_PROBLEMS),
      ok: second.code === 0 && problems.length === 0,
    };
  } finally {
    await emu.close();
  }
}

/** Run `trials` crash-and-resume trials of the real CLI. */
export async function runCliCrashTrials(opts: CrashOptions): Promise<CrashResult> {
  const rng = new Prng(opts.seed);
  const cli = opts.cli ?? defaultCli();
  const t0 = performance.now();
  const trials: CrashTrial[] = [];
  for (let i = 1; i <= opts.trials; i++) trials.push(await runTrial(i, opts.operations, rng, cli));
  return {
    trials,
    operations: opts.operations,
    seed: opts.seed,
    passed: trials.filter((t) => t.ok).length,
    wallMs: Math.round(performance.now() - t0),
  };
}

function outcomes(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function trialRow(t: CrashTrial, n: number): string {
  const killed = t.killedAtMs === null ? "exited first" : `${(t.killedAtMs / 1000).toFixed(2)} s`;
  return [
    `| ${t.trial}`,
    killed,
    `${t.cancelRequestedAfterRun1}/${n}`,
    `${t.terminalAfterRun1}/${n}`,
    `${t.cancelsRun1} + ${t.cancelsRun2}`,
    `${t.cancelledTwice} (max ${t.maxCancelsPerOperation})`,
    `${t.rerunExitCode ?? "killed"}`,
    outcomes(t.rerunOutcomes),
    `${t.inconsistent + t.notDoneAtServer + t.harmed}`,
    `${t.ok ? "pass" : "**FAIL**"} |`,
  ].join(" | ");
}

/** A markdown section for docs/RELIABILITY.md. */
export function renderCrash(r: CrashResult, title: string): string {
  const n = r.operations;
  const lines = [
    `### ${title}`,
    "",
    `${r.trials.length} trials of ${n} operations each (seed ${r.seed}): the CLI (\`cancel --wait --json\`) is SIGKILLed ` +
      "at a random point after its first cancel lands, then the same command is run again to completion. " +
      `**${r.passed} of ${r.trials.length} passed.** Wall time ${(r.wallMs / 1000).toFixed(1)} s.`,
    "",
    "| Trial | Killed at | Cancel accepted after run 1 | Terminal after run 1 | Cancels sent (run 1 + rerun) | Cancelled twice | Rerun exit | Rerun outcomes | Problems | Result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.trials.map((t) => trialRow(t, n)),
  ];
  const problems = r.trials.flatMap((t) =>
    t.problems.map((p) => `- trial ${t.trial}: \`${p.name}\`: ${p.problem}`),
  );
  if (problems.length > 0) lines.push("", ...problems);
  return `${lines.join("\n")}\n`;
}
