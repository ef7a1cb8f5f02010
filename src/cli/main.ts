#!/usr/bin/env node
import { OperationsClient } from "../client/operations-client";
import { BeyondCorpError, invalidInput } from "../core/errors";
import { versionedName, type OperationName } from "../lro/names";
import { checkOption } from "../options/check";
import type { CancelUnsupportedPolicy } from "../options/spec";
import type { WaitOptions } from "../options/wait";
import type { ProgressEvent } from "../wait/progress";
import { cancelAndWait, type WaitReport } from "../wait/waiter";
import { checkTarget, checkWatchFilter, resolveWatch } from "../wait/watch";
import { watchLine } from "../wait/watch-line";
import { connectionFrom, parse } from "./args";
import { HELP } from "./help";
import { ProgressView } from "./progress";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${HELP["main"]}\n`);
    return command ? 0 : 2;
  }
  if (!(command in HELP) || command === "main") {
    process.stderr.write(`beyondcorp-ops: unknown command ${JSON.stringify(command)}\n\n${HELP["main"]}\n`);
    return 2;
  }
  const { values, positionals } = parse(rest, {
    wait: { type: "boolean" },
    timeout: { type: "string" },
    "on-unsupported": { type: "string" },
    pending: { type: "boolean" },
    filter: { type: "string" },
    watch: { type: "string" },
    target: { type: "string", multiple: true },
  });
  if (values.help) {
    process.stdout.write(`${HELP[command]}\n`);
    return 0;
  }
  const client = new OperationsClient(connectionFrom(values));
  const controller = new AbortController();
  const onSigint = () =>
    controller.abort(new BeyondCorpError({ code: "ERR_ABORTED", message: "interrupted (SIGINT)" }));
  process.once("SIGINT", onSigint);
  process.once("SIGTERM", onSigint);
  try {
    if (command === "get" || command === "list") return await inspect(client, command, positionals, values);
    if (positionals.length === 0 && values.watch === undefined)
      throw new BeyondCorpError({
        code: "ERR_INVALID_INPUT",
        field: "NAME",
        message: `NAME: ${command} needs at least one operation name (or --watch PARENT)`,
      });
    const given = positionals.map((p) => client.name(p));
    if (values.watch !== undefined)
      given.push(...(await watched(client, values.watch, values, controller.signal)));
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
    return await run(client, names, options, values.json === true, controller.signal, !options.wait);
  } finally {
    process.removeListener("SIGINT", onSigint);
    process.removeListener("SIGTERM", onSigint);
    await client.close();
  }
}

/** `--watch PARENT --target T… --filter F`: the in-flight operations it matches now, with its line. */
async function watched(
  client: OperationsClient,
  parentText: string,
  values: { target?: string[]; filter?: string | boolean },
  signal: AbortSignal,
): Promise<OperationName[]> {
  const targets = (values.target ?? []).map((t, i) => checkTarget(t, `--target[${i}]`));
  const filter = typeof values.filter === "string" ? checkWatchFilter(values.filter, "--filter") : undefined;
  if (targets.length === 0 && filter === undefined)
    throw invalidInput(
      "--watch",
      "needs --target or --filter (a bare parent would cancel every operation in it)",
    );
  const parent = client.parent(parentText);
  const w = { parent, ...(targets.length ? { targets } : {}), ...(filter ? { filter } : {}) };
  const onProgress = (e: ProgressEvent) => {
    if (e.type === "watch") process.stderr.write(`${watchLine(e)}\n`);
  };
  return resolveWatch(client, w, { signal }, { onProgress });
}

async function run(
  client: OperationsClient,
  names: OperationName[],
  options: WaitOptions,
  json: boolean,
  signal: AbortSignal,
  fireOnly: boolean,
): Promise<number> {
  const view = new ProgressView(
    process.stderr,
    names.map(versionedName),
    !json && process.stderr.isTTY === true,
  );
  let report: WaitReport;
  try {
    report = await cancelAndWait(client, names, options, { signal, onProgress: (e) => view.event(e) });
  } catch (err) {
    view.stop();
    if (BeyondCorpError.is(err) && err.code === "ERR_ABORTED") {
      const partial =
        (err as { partial?: Array<{ name: string; cancelRequested: boolean; outcome?: string }> }).partial ??
        [];
      const sent = partial.filter((p) => p.cancelRequested).map((p) => p.name);
      process.stderr.write(
        `interrupted: cancel requested for ${sent.length} of ${partial.length} operation(s)${sent.length ? `:\n  ${sent.join("\n  ")}` : ""}\n`,
      );
      for (const p of partial.filter((x) => x.outcome)) process.stderr.write(`  ${p.outcome} ${p.name}\n`);
      if (json)
        process.stdout.write(
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
  if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else
    for (const r of rows)
      process.stdout.write(
        `${r.outcome.padEnd(18)} ${r.name}  ${(r.elapsedMs / 1000).toFixed(1)}s ${r.requests} req${r.error ? `  ${r.error.status}: ${r.error.message}` : ""}\n`,
      );
  if (fireOnly) return rows.some((r) => r.outcome === "ERROR") ? 1 : 0;
  return report.ok ? 0 : 1;
}

async function inspect(
  client: OperationsClient,
  command: "get" | "list",
  positionals: string[],
  values: Record<string, unknown>,
): Promise<number> {
  const json = values["json"] === true;
  if (positionals.length !== 1) {
    throw new BeyondCorpError({
      code: "ERR_INVALID_INPUT",
      field: command === "get" ? "NAME" : "PARENT",
      message: `${command === "get" ? "NAME" : "PARENT"}: ${command} takes exactly one`,
    });
  }
  if (command === "get") {
    const op = await client.get(client.name(positionals[0]!));
    process.stdout.write(
      json
        ? `${JSON.stringify(op)}\n`
        : `${op.name}  ${op.done ? (op.error ? `DONE error ${op.error.code}: ${op.error.message}` : "DONE response") : "PENDING"}\n`,
    );
    return 0;
  }
  const filters = [
    values["pending"] === true ? "done=false" : "",
    typeof values["filter"] === "string" ? `(${values["filter"]})` : "",
  ].filter(Boolean);
  const { operations } = await client.listAll(
    client.parent(positionals[0]!),
    filters.length ? { filter: filters.join(" AND ") } : {},
  );
  if (json) process.stdout.write(`${JSON.stringify(operations)}\n`);
  else
    for (const op of operations)
      process.stdout.write(
        `${op.done ? "DONE   " : "PENDING"} ${op.name}${op.metadata?.verb ? `  ${op.metadata.verb}` : ""}${op.metadata?.target ? ` ${op.metadata.target}` : ""}\n`,
      );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (BeyondCorpError.is(err)) {
      process.stderr.write(`beyondcorp-ops: ${err.message}\n`);
      process.exitCode = err.code === "ERR_INVALID_INPUT" ? 2 : 1;
    } else {
      process.stderr.write(`beyondcorp-ops: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
