import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator, type OperationSnapshot } from "../../src/emulator";
import { TestStack } from "../helpers/pulumi";
import { demoProject } from "../../scripts/installed-package";
import { Prng } from "./prng";

/**
 * Crash and resume of a real `pulumi destroy`: the whole process group (CLI, language host and
 * dynamic-provider host) is SIGKILLed at a random time, the file backend's lock is cleared with
 * `pulumi cancel` as a user would, and `pulumi destroy` is run again. Every operation must end
 * terminal, as seeded, with no harm from a repeated cancel, and the stack must end empty.
 */
export interface PulumiCrashOptions {
  trials: number;
  /** Operations the guard tracks per trial. @default 5 */
  operations?: number;
  seed: number;
  /** The kill lands uniformly in [minKillMs, maxKillMs] after `pulumi destroy` starts. */
  minKillMs?: number;
  maxKillMs?: number;
}

type Ending = "CANCELLED" | "SUCCEEDED" | "FAILED";

interface Planned {
  id: string;
  name: string;
  ending: Ending;
  cancelDelayMs: number;
}

export interface PulumiCrashTrial {
  trial: number;
  killAfterMs: number;
  /** False when destroy finished before the kill landed. */
  killed: boolean;
  cancelAcceptedAtKill: number;
  terminalAtKill: number;
  /** The guard was still in state after the killed run (read from `pulumi stack export`). */
  guardLeftInState: boolean;
  /** Processes of the killed run still alive 15 s after the kill (Pulumi's own plugins). */
  orphans: number;
  rerunExitCode: number | null;
  rerunMs: number;
  rerunOutcomes: Record<string, number>;
  cancelsTotal: number;
  maxCancelsPerOperation: number;
  problems: string[];
  ok: boolean;
}

export interface PulumiCrashResult {
  trials: PulumiCrashTrial[];
  operations: number;
  seed: number;
  passed: number;
  wallMs: number;
}

const P = "projects/crash-pulumi/locations/global";
const ENDINGS: ReadonlyArray<readonly [Ending, number]> = [
  ["CANCELLED", 3],
  ["SUCCEEDED", 1],
  ["FAILED", 1],
];
/** What the rerun may say for an operation with each seeded ending. */
const RERUN_OUTCOMES: Record<Ending, readonly string[]> = {
  CANCELLED: ["CANCELLED", "ALREADY_DONE"],
  SUCCEEDED: ["SUCCEEDED", "ALREADY_DONE"],
  FAILED: ["FAILED", "ALREADY_DONE"],
};

function plan(trial: number, n: number, rng: Prng): Planned[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `t${trial}-op${i}`;
    return {
      id,
      name: `${P}/operations/${id}`,
      ending: rng.weighted(ENDINGS),
      cancelDelayMs: rng.int(500, 4000),
    };
  });
}

function seed(emu: Emulator, ops: Planned[]): void {
  for (const o of ops)
    emu.seed({
      name: o.name,
      cancelDelayMs: o.cancelDelayMs,
      ...(o.ending === "SUCCEEDED" ? { onCancel: "complete" } : {}),
      ...(o.ending === "FAILED" ? { onCancel: "fail", failCode: 9 } : {}),
    });
}

/** The ending an operation reached at the server, from its rendered JSON. */
function endingAtServer(s: OperationSnapshot): Ending | "PENDING" | "OTHER" {
  const op = s.operation as { done?: boolean; error?: { code?: number }; response?: unknown };
  if (op.done !== true) return "PENDING";
  if (op.response !== undefined) return "SUCCEEDED";
  if (op.error?.code === 1) return "CANCELLED";
  if (op.error?.code === 9) return "FAILED";
  return "OTHER";
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim().slice(0, 120);
  } catch {
    return `${pid} (gone)`;
  }
}

function resourcesInState(stack: TestStack): string[] {
  const r = spawnSync("pulumi", ["stack", "export", "--stack", stack.name], {
    cwd: stack.cwd,
    env: stack.env,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`pulumi stack export failed: ${r.stderr}`);
  const state = JSON.parse(r.stdout) as { deployment: { resources?: Array<{ type: string }> } };
  return (state.deployment.resources ?? []).map((x) => x.type);
}

/**
 * Outcome lines the provider printed, as the live stream shows them (`pulumi:pulumi:Stack NAME
 * [beyondcorp] CANCELLED  v1/.../operations/t1-op0 ...`); the Diagnostics summary repeats them
 * without the Stack prefix and is not counted.
 */
function rerunOutcomes(out: string, ops: Planned[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const line = /pulumi:pulumi:Stack \S+\s+\[beyondcorp\] ([A-Z_]{4,})\s+v1\/\S+\/operations\/(t\d+-op\d+)\b/g;
  for (const m of out.matchAll(line)) {
    const list = seen.get(m[2]!) ?? [];
    list.push(m[1]!);
    seen.set(m[2]!, list);
  }
  for (const k of [...seen.keys()]) if (!ops.some((o) => o.id === k)) seen.delete(k);
  return seen;
}

async function runTrial(
  trial: number,
  n: number,
  rng: Prng,
  o: PulumiCrashOptions,
): Promise<PulumiCrashTrial> {
  const emu = await startEmulator();
  const stack = new TestStack(`crash-${trial}`, demoProject(`crash-${trial}`));
  const problems: string[] = [];
  try {
    const ops = plan(trial, n, rng);
    seed(emu, ops);
    stack.config("endpoint", emu.url);
    stack.config("accessToken", "ya29.crash-trial-token", true);
    stack.config("pollMaxDelay", "500ms");
    for (const [i, op] of ops.entries()) stack.config(`operations[${i}]`, op.name);
    const up = await stack.run(["up", "--skip-preview"]);
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.out}`);

    const killAfterMs = rng.int(o.minKillMs ?? 300, o.maxKillMs ?? 6000);
    const first = await stack.run(["destroy", "--skip-preview"], killAfterMs);
    const killed = first.signal === "SIGKILL";
    if (!killed && first.code !== 0) problems.push(`destroy exited ${first.code} before the kill`);
    const atKill = emu.operations();
    // The killed engine's plugins must not outlive it. Pulumi's own plugins (the language host, a
    // provider host that never loaded our code) do, idle: reaped by dispose() and reported. A
    // provider host that ran our code (a cancel went out) must exit by itself.
    const deadline = Date.now() + 15_000;
    let survivors = killed ? stack.processes() : [];
    while (survivors.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      survivors = stack.processes();
    }
    const ourHosts = survivors.filter((pid) => commandOf(pid).includes("dynamic-provider"));
    if (ourHosts.length > 0 && atKill.some((s) => s.cancelRequestedAtMs !== null))
      problems.push(
        `the dynamic-provider host that ran our code outlived the engine by 15 s: ${ourHosts.join(", ")}`,
      );
    // The file backend keeps the killed update's lock, as it would for any user; a kill that
    // landed before the update began leaves none, and then `pulumi cancel` has nothing to do.
    if (killed)
      spawnSync("pulumi", ["cancel", "--yes", "--stack", stack.name], { cwd: stack.cwd, env: stack.env });
    const guardLeftInState = resourcesInState(stack).some((t) => t.endsWith("OperationCanceller"));

    const t0 = performance.now();
    const again = await stack.run(["destroy", "--skip-preview"]);
    const rerunMs = Math.round(performance.now() - t0);
    if (again.code !== 0) problems.push(`rerun exited ${again.code}: ${again.out.slice(-400)}`);
    const left = resourcesInState(stack);
    if (left.length > 0) problems.push(`state not empty after the rerun: ${left.join(", ")}`);

    const said = rerunOutcomes(again.out, ops);
    const counts: Record<string, number> = {};
    for (const [id, list] of said) {
      for (const x of list) counts[x] = (counts[x] ?? 0) + 1;
      if (list.length > 1) problems.push(`${id} reported ${list.length} times`);
    }
    // The rerun reports every operation if the guard survived the kill, and none if it did not.
    if (guardLeftInState && said.size !== ops.length)
      problems.push(`rerun reported ${said.size}/${ops.length}`);
    if (!guardLeftInState && said.size !== 0) problems.push("rerun reported operations of a deleted guard");

    const end = emu.operations();
    let maxCancels = 0;
    for (const op of ops) {
      const s = end.find((x) => x.name === op.name);
      if (!s) {
        problems.push(`${op.id} missing at the server`);
        continue;
      }
      maxCancels = Math.max(maxCancels, s.cancelCount);
      const reached = endingAtServer(s);
      if (reached !== op.ending) problems.push(`${op.id} ended ${reached}, seeded ${op.ending}`);
      // No harm from a repeated cancel: the end is set by the first cancel plus the seeded delay.
      if (s.cancelRequestedAtMs === null) problems.push(`${op.id} never cancelled`);
      else if (s.doneAtMs !== s.cancelRequestedAtMs + op.cancelDelayMs)
        problems.push(`${op.id} ended at ${s.doneAtMs}, expected first cancel + ${op.cancelDelayMs} ms`);
      const reported = said.get(op.id)?.[0];
      if (reported !== undefined && !RERUN_OUTCOMES[op.ending].includes(reported))
        problems.push(`${op.id} reported ${reported} on the rerun, seeded ${op.ending}`);
    }
    return {
      trial,
      killAfterMs,
      killed,
      cancelAcceptedAtKill: atKill.filter((s) => s.cancelRequestedAtMs !== null).length,
      terminalAtKill: atKill.filter((s) => s.doneAtMs !== null).length,
      guardLeftInState,
      orphans: survivors.length,
      rerunExitCode: again.code,
      rerunMs,
      rerunOutcomes: counts,
      cancelsTotal: end.reduce((a, s) => a + s.cancelCount, 0),
      maxCancelsPerOperation: maxCancels,
      problems,
      ok: problems.length === 0,
    };
  } finally {
    stack.dispose();
    await emu.close();
  }
}

/** Run `trials` crash-and-resume trials of a real `pulumi destroy`. */
export async function runPulumiCrashTrials(o: PulumiCrashOptions): Promise<PulumiCrashResult> {
  const rng = new Prng(o.seed);
  const n = o.operations ?? 5;
  const t0 = performance.now();
  const trials: PulumiCrashTrial[] = [];
  for (let i = 1; i <= o.trials; i++) trials.push(await runTrial(i, n, rng, o));
  return {
    trials,
    operations: n,
    seed: o.seed,
    passed: trials.filter((t) => t.ok).length,
    wallMs: Math.round(performance.now() - t0),
  };
}

/** A markdown section for docs/RELIABILITY.md. */
export function renderPulumiCrash(r: PulumiCrashResult, title: string): string {
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none (guard already deleted)";
  return [
    `### ${title}`,
    "",
    `${r.trials.length} trials of ${r.operations} operations each (seed ${r.seed}). The \`pulumi destroy\` process group ` +
      "is SIGKILLed at a random time, the lock is cleared with `pulumi cancel`, and `pulumi destroy` runs again. " +
      `**${r.passed} of ${r.trials.length} passed.** Wall time ${(r.wallMs / 1000).toFixed(1)} s. ` +
      "Orphans are processes of the killed run still alive 15 s later: Pulumi's language host, and a provider host killed before it loaded our code, idle. " +
      "A provider host that ran our code exits by itself (a trial fails otherwise).",
    "",
    "| Trial | Kill after | Killed | Cancel accepted at kill | Terminal at kill | Guard left in state | Orphans after 15 s | Rerun exit | Rerun outcomes | Cancels (max per op) | Result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.trials.map((t) =>
      [
        `| ${t.trial}`,
        `${(t.killAfterMs / 1000).toFixed(2)} s`,
        t.killed ? "yes" : "no, it had finished",
        `${t.cancelAcceptedAtKill}/${r.operations}`,
        `${t.terminalAtKill}/${r.operations}`,
        t.guardLeftInState ? "yes" : "no",
        `${t.orphans}`,
        `${t.rerunExitCode}`,
        counts(t.rerunOutcomes),
        `${t.cancelsTotal} (${t.maxCancelsPerOperation})`,
        `${t.ok ? "pass" : "**FAIL**"} |`,
      ].join(" | "),
    ),
    ...r.trials.flatMap((t) => t.problems.map((p) => `- trial ${t.trial}: ${p}`)),
    "",
  ].join("\n");
}
