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
