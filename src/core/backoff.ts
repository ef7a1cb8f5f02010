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
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(base * (1 - schedule.jitter * r));
}

/**
 * Parse `Retry-After` (delta-seconds or an HTTP-date) into milliseconds from `nowMs`.
 * Returns undefined for absent or malformed values; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // RFC 9110 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"; anything else is ignored.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Parse a duration like `90s`, `10m`, `1h30m`, `250ms` or a bare number of milliseconds. */
export function parseDurationMillis(input: string | number): number | undefined {
  if (typeof input === "number") return Number.isFinite(input) && input >= 0 ? Math.round(input) : undefined;
  const text = input.trim();
  if (/^\d{1,12}$/.test(text)) return Number(text);
  if (!/^(\d{1,9}(\.\d{1,3})?(ms|h|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d{1,9}(?:\.\d{1,3})?)(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === "ms" ? n : unit === "s" ? n * 1000 : unit === "m" ? n * 60_000 : n * 3_600_000;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}
