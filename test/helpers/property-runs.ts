/**
 * How many runs a fast-check property makes: `n`, or fewer when BCOPS_PROPERTY_RUNS says so.
 * Mutation testing (`npm run mutate`) runs each test file once per mutant, and sets it to keep
 * that affordable; `npm test` runs the full count.
 */
export function propertyRuns(n: number): number {
  const cap = Number(process.env["BCOPS_PROPERTY_RUNS"]);
  return Number.isInteger(cap) && cap > 0 ? Math.min(n, cap) : n;
}
