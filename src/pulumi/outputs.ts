import type { OperationResult, Outcome, ResultError } from "../lro/outcomes";
import { OUTCOME_STATE } from "../lro/outcomes";
import type { CancellerInputs } from "./props";

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

/** The last create, update, delete or read, summed up. */
export interface LastRun {
  action: "create" | "update" | "delete" | "read";
  at: string;
  elapsedMs: number;
  /** Whole HTTP requests of the run. */
  requests: number;
  outcomes: Record<string, number>;
}

export interface CancellerOutputs extends CancellerInputs {
  /** Version of this outputs layout (migrate.ts). Absent in 0.1.0 state, which is version 1. */
  schemaVersion?: number;
  trackedOperations: string[];
  operationStates: Record<string, OperationState>;
  lastRun?: LastRun;
}

/** Output property names the provider itself writes. */
export const OUTPUT_KEYS: ReadonlySet<string> = new Set([
  "schemaVersion",
  "trackedOperations",
  "operationStates",
  "lastRun",
]);

/** Per-operation states from a wait's results. */
export function statesFrom(results: readonly OperationResult[]): Record<string, OperationState> {
  const s: Record<string, OperationState> = {};
  for (const r of results)
    s[r.name] = {
      state: OUTCOME_STATE[r.outcome],
      outcome: r.outcome,
      ...(r.endedAs ? { endedAs: r.endedAs } : {}),
      ...(r.error ? { error: r.error } : {}),
      elapsedMs: r.elapsedMs,
      requests: r.requests,
      cancelRequested: r.cancelRequested,
    };
  return s;
}

export function pick<T>(o: Record<string, T>, keys: readonly string[]): Record<string, T> {
  const r: Record<string, T> = {};
  for (const k of keys) if (o[k] !== undefined) r[k] = o[k];
  return r;
}
