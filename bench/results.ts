/** Benchmark results, as bench/results.json holds them, and the statistics read from them. */

export interface ClientResult {
  client: string;
  ops: number;
  lagsMs: number[];
  requests: number;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

export interface Scenario {
  id: string;
  title: string;
  results: ClientResult[];
  /** The slowest operation's own time to become terminal, where the scenario sets one. */
  slowestMs?: number;
  /** At least 10 operations share a parent: lag ≤ 0.7× and requests ≤ 0.2× gax's apply. */
  shared?: boolean;
}

export function q(values: number[], p: number): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.floor(p * (v.length - 1) + 0.5))]!;
}
/** The mean of the finite values (a missing figure, NaN or a JSON null, is left out). */
export const mean = (values: readonly (number | null)[]): number => {
  const v = values.filter((x): x is number => Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
};
export const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

export const byClient = (scenarios: Scenario[], id: string, client: string) =>
  scenarios.find((s) => s.id === id)?.results.find((r) => r.client === client);
export const perOp = (r: ClientResult | undefined) => (r ? r.requests / r.ops : NaN);
export const median = (v: number[]) => q(v, 0.5);
