/**
 * A delay schedule as plain data: `initialDelayMillis × multiplier^n`, capped at `maxDelayMillis`,
 * with proportional jitter that only ever shortens a delay (so the cap is a hard bound).
 */
export interface BackoffSchedule {
  readonly initialDelayMillis: number;
  readonly multiplier: number;
  readonly maxDelayMillis: number;
  /** Fraction in [0, 1]: each delay is drawn from [d × (1 − jitter), d]. */
  readonly jitter: number;
}

/** The delay before attempt `n` (n = 0 is the first wait). `random` returns [0, 1). */
export function backoffDelay(
  schedule: BackoffSchedule,
  n: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    schedule.maxDelayMillis,
    schedule.initialDelayMillis * Math.pow(schedule.multiplier, Math.max(0, n)),
  );
  return jitterDown(base, schedule.jitter, random);
}

/** `ms` shortened by proportional jitter: drawn from [ms × (1 − jitter), ms], never longer. */
export function jitterDown(ms: number, jitter: number, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ms * (1 - jitter * r));
}
