import type { BackoffSchedule } from "../core/backoff";

/**
 * The polling policy, as a pure function of (age, pending count, budget). The reasoning and its
 * limits are in docs/decisions.md, "Polling scheduler (issue 12)".
 *
 * A single operation is polled on the configured schedule (250 ms ×1.3, capped at 10 s by
 * default), google-gax's shape. A parent read with one `list` serves its n pending operations for
 * the price of one request, where gax pays n gets, so it is polled `share(n)` times as often as a
 * single operation of the same age:
 *
 *   share(n) = min(n ^ lagShare, max(smallShare, budget × n))
 *
 * - `n ^ lagShare` (√n by default) splits the n-fold saving evenly between lag (√n shorter
 *   intervals) and requests (√n fewer than gax);
 * - `budget × n` binds from 20 to 100 pending operations (by default): there a parent's polls are
 *   `budget` (10 %) of the gets gax would send for them at the same age, and with the one
 *   mandatory cancel each its total is (1 + 0.1 P) / (1 + P) of gax's for P gax gets per
 *   operation, at most a fifth once P ≥ 8;
 * - `smallShare` (2) lets any shared parent poll at least twice as often as one operation, since
 *   two or more operations pay for it.
 * Then a floor (200 ms, or the schedule's own interval if faster) and the schedule's cap. The
 * figures were tuned on the benchmark's shared scenarios (docs/decisions.md says how).
 */
export interface CadencePolicy {
  readonly poll: BackoffSchedule;
  /** No shared parent is polled more often than this (unless the schedule itself is faster). */
  readonly floorMillis: number;
  /** Exponent in [0, 1]: how much of a shared list's saving may go to lag. */
  readonly lagShare: number;
  /** A parent's polls, as a fraction of gax's gets for the same pending operations. */
  readonly budget: number;
  /** The share any parent of two or more pending operations may take whatever the budget. */
  readonly smallShare: number;
}

export const DEFAULT_CADENCE = Object.freeze({
  floorMillis: 200,
  lagShare: 0.5,
  budget: 0.1,
  smallShare: 2,
});

/**
 * The single-operation interval at `ageMs` into the schedule: initial + (multiplier − 1) × age,
 * capped. At the schedule's own poll times this is initial × multiplier^n, the backoff's n-th delay.
 */
export function singletonInterval(poll: BackoffSchedule, ageMs: number): number {
  const age = Math.max(0, ageMs);
  return Math.min(poll.maxDelayMillis, poll.initialDelayMillis + (poll.multiplier - 1) * age);
}

/** How many times as often as one operation a parent with `pending` operations is polled (≥ 1). */
export function parentShare(policy: CadencePolicy, pending: number): number {
  // One operation (or none): 1^x = 1 and the max below give 1, without a case of its own.
  const even = Math.pow(pending, Math.min(1, Math.max(0, policy.lagShare)));
  return Math.max(1, Math.min(even, Math.max(policy.smallShare, policy.budget * pending)));
}

/** The interval (before jitter) before the next poll of a group with `pending` operations. */
export function pollInterval(policy: CadencePolicy, ageMs: number, pending: number): number {
  const single = singletonInterval(policy.poll, ageMs);
  // A lone operation has share 1 and a floor no higher than its own interval: the schedule itself.
  const floor = Math.min(policy.floorMillis, single);
  return Math.min(policy.poll.maxDelayMillis, Math.max(floor, single / parentShare(policy, pending)));
}
