import { BeyondCorpError } from "../core/errors";
import { mapLimit } from "../core/concurrency";
import type { OperationsClient } from "../client/operations-client";
import {
  parseLocationName,
  parseOperationName,
  versionedName,
  type ApiVersion,
  type OperationName,
} from "../lro/names";
import { endingOf, resultErrorOf } from "../lro/operation";
import { DEFAULT_CONCURRENCY } from "../options/defaults";
import { apiError } from "../wait/ledger";
import type { ProgressEvent } from "../wait/progress";
import { BARE_WATCH_RULE, isBareWatch, resolveWatch } from "../wait/watch";
import { log, logProgress } from "./log";
import type { CancellerInputs } from "./inputs";
import type { OperationState } from "./outputs";

export const display = versionedName;

/** Operation names without duplicates, first occurrence kept. */
export function unique(names: readonly OperationName[]): OperationName[] {
  return [...new Map(names.map((n) => [display(n), n])).values()];
}

/** Parse recorded names (`trackedOperations`). */
export function recordedNames(props: CancellerInputs & { trackedOperations?: string[] }): OperationName[] {
  const apiVersion = (props.apiVersion ?? "v1") as ApiVersion;
  return (props.trackedOperations ?? []).map((n, i) =>
    parseOperationName(n, { apiVersion, field: `trackedOperations[${i}]` }),
  );
}

/**
 * Explicit names plus every in-flight operation the watches match now. Each watch says how it was
 * resolved (one `[beyondcorp] watch …` line), so "nothing in flight" reads differently from "the
 * watch could not see".
 */
export async function resolveTracked(
  client: OperationsClient,
  props: CancellerInputs,
  signal?: AbortSignal,
  onProgress: (e: ProgressEvent) => void = logProgress,
): Promise<OperationName[]> {
  const apiVersion = (props.apiVersion ?? "v1") as ApiVersion;
  const names = (props.operations ?? []).map((o, i) =>
    parseOperationName(o, { apiVersion, field: `operations[${i}]` }),
  );
  for (const [i, w] of (props.watches ?? []).entries()) {
    if (isBareWatch(w)) {
      // Refused by check since 0.2.0; state written before may hold one. Never cancel a whole location.
      log(`watches[${i}]: skipped: it ${BARE_WATCH_RULE}`);
      continue;
    }
    const parent = parseLocationName(w.parent, { apiVersion, field: `watches[${i}].parent` });
    const found = await resolveWatch(
      client,
      { parent, ...(w.targets ? { targets: w.targets } : {}), ...(w.filter ? { filter: w.filter } : {}) },
      signal ? { signal } : {},
      { onProgress },
    );
    names.push(...found);
  }
  return unique(names);
}

/** One get per operation: its state now, for create and refresh (nothing is cancelled). */
export async function observeStates(
  client: OperationsClient,
  names: readonly OperationName[],
  signal?: AbortSignal,
): Promise<Record<string, OperationState>> {
  const states: Record<string, OperationState> = {};
  await mapLimit(names, DEFAULT_CONCURRENCY, async (n) => {
    try {
      const op = await client.get(n, signal ? { signal } : {});
      const error = resultErrorOf(op);
      states[display(n)] = op.done
        ? { state: "DONE", endedAs: endingOf(op), ...(error ? { error } : {}) }
        : { state: "PENDING" };
    } catch (err) {
      if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "NOT_FOUND")
        states[display(n)] = { state: "GONE" };
      else if (BeyondCorpError.is(err) && err.code !== "ERR_ABORTED")
        states[display(n)] = { state: "UNKNOWN", error: apiError(err) };
      else throw err;
    }
  });
  return states;
}
