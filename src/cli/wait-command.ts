import type { OperationsClient } from "../client/operations-client";
import type { Clock } from "../core/clock";
import { BeyondCorpError, invalidInput } from "../core/errors";
import { versionedName, type OperationName } from "../lro/names";
import { checkOption } from "../options/check";
import type { CancelUnsupportedPolicy } from "../options/spec";
import type { WaitOptions } from "../options/wait";
import type { ProgressEvent } from "../wait/progress";
import { cancelAndWait, type WaitReport } from "../wait/waiter";
import { checkTarget, checkWatchFilter, isBareWatch, resolveWatch } from "../wait/watch";
import { watchLine } from "../wait/watch-line";
import { ProgressView, type Repeat } from "./progress";
import type { CliIO } from "./run";

/** The flags `cancel` and `wait` read. */
export interface CommandFlags {
  wait?: boolean;
  timeout?: string;
  "on-unsupported"?: string;
  filter?: string;
  watch?: string;
  target?: string[];
  json?: boolean;
}

/** What a command runs against. */
export interface CommandContext {
  client: OperationsClient;
  io: CliIO;
  signal: AbortSignal;
  clock: Clock;
  /** The waiter's jitter draws. */
  random: () => number;
  /** The progress table's redraw timer. */
  repeat: Repeat;
}

/**
 * `cancel NAME…` and `wait NAME…` (with `--watch PARENT`): the operations named and watched, each
 * cancelled (cancel) and waited for (wait, or cancel --wait), one outcome line or JSON row each.
 */
export async function cancelOrWait(
  ctx: CommandContext,
  command: "cancel" | "wait",
  positionals: string[],
  values: CommandFlags,
): Promise<number> {
  const { client } = ctx;
  if (positionals.length === 0 && values.watch === undefined)
    throw invalidInput("NAME", `${command} needs at least one operation name (or --watch PARENT)`);
  const given = positionals.map((p) => client.name(p));
  if (values.watch !== undefined) given.push(...(await watched(ctx, values.watch, values)));
  const names = [...new Map(given.map((n) => [versionedName(n), n])).values()];
  const onUnsupported = values["on-unsupported"];
  const options: WaitOptions = {
    cancel: command === "cancel",
    // Without --wait: send the cancels, look once, and report.
    wait: command === "wait" || values.wait === true,
    ...(values.timeout !== undefined
      ? { timeoutMillis: checkOption("timeout", values.timeout, "--timeout") }
      : {}),
    ...(onUnsupported !== undefined
      ? {
          onCancelUnsupported: checkOption(
            "onCancelUnsupported",
            onUnsupported,
            "--on-unsupported",
          ) as CancelUnsupportedPolicy,
        }
      : {}),
  };
  return await waitAndReport(ctx, names, options, values.json === true, !options.wait);
}

/** `--watch PARENT --target T… --filter F`: the in-flight operations it matches now, with its line. */
async function watched(
  ctx: CommandContext,
  parentText: string,
  values: CommandFlags,
): Promise<OperationName[]> {
  const targets = (values.target ?? []).map((t, i) => checkTarget(t, `--target[${i}]`));
  const filter = typeof values.filter === "string" ? checkWatchFilter(values.filter, "--filter") : undefined;
  if (isBareWatch({ targets, filter }))
    throw invalidInput(
      "--watch",
      "needs --target or --filter (a bare parent would cancel every operation in it)",
    );
  const parent = ctx.client.parent(parentText);
  const w = { parent, ...(targets.length ? { targets } : {}), ...(filter ? { filter } : {}) };
  const onProgress = (e: ProgressEvent) => {
    if (e.type === "watch") ctx.io.stderr.write(`${watchLine(e)}\n`);
  };
  return resolveWatch(ctx.client, w, { signal: ctx.signal }, { onProgress });
}

async function waitAndReport(
  ctx: CommandContext,
  names: OperationName[],
  options: WaitOptions,
  json: boolean,
  fireOnly: boolean,
): Promise<number> {
  const { io, signal, clock, random, repeat } = ctx;
  const view = new ProgressView(io.stderr, names.map(versionedName), !json && io.stderr.isTTY === true, {
    clock,
    repeat,
  });
  let report: WaitReport;
  try {
    report = await cancelAndWait(ctx.client, names, options, {
      signal,
      onProgress: (e) => view.event(e),
      clock,
      random,
    });
  } catch (err) {
    view.stop();
    if (BeyondCorpError.is(err) && err.code === "ERR_ABORTED") {
      const partial =
        (err as { partial?: Array<{ name: string; cancelRequested: boolean; outcome?: string }> }).partial ??
        [];
      const sent = partial.filter((p) => p.cancelRequested).map((p) => p.name);
      io.stderr.write(
        `interrupted: cancel requested for ${sent.length} of ${partial.length} operation(s)${sent.length ? `:\n  ${sent.join("\n  ")}` : ""}\n`,
      );
      for (const p of partial.filter((x) => x.outcome)) io.stderr.write(`  ${p.outcome} ${p.name}\n`);
      if (json)
        io.stdout.write(
          `${JSON.stringify(partial.map((p) => ({ ...p, outcome: p.outcome ?? "INTERRUPTED" })))}\n`,
        );
      return 130;
    }
    throw err;
  }
  view.stop();
  const rows = report.results.map((r) => ({
    name: r.name,
    outcome:
      fireOnly && r.outcome === "TIMED_OUT"
        ? r.cancelRequested
          ? "CANCEL_REQUESTED"
          : "PENDING"
        : r.outcome,
    ...(r.endedAs ? { endedAs: r.endedAs } : {}),
    ...(r.error ? { error: r.error } : {}),
    elapsedMs: r.elapsedMs,
    requests: r.requests,
  }));
  if (json) io.stdout.write(`${JSON.stringify(rows)}\n`);
  else
    for (const r of rows)
      io.stdout.write(
        `${r.outcome.padEnd(18)} ${r.name}  ${(r.elapsedMs / 1000).toFixed(1)}s ${r.requests} req${r.error ? `  ${r.error.status}: ${r.error.message}` : ""}\n`,
      );
  if (fireOnly) return rows.some((r) => r.outcome === "ERROR") ? 1 : 0;
  return report.ok ? 0 : 1;
}
