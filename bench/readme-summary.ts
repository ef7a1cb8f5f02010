/** The README's benchmark bullets, generated from a saved run. */
import type { ColdStartResult } from "./cold-start";
import { byClient, f, mean, type Scenario } from "./results";
import { coldStartRatio, formatTarget, gaxRatios, targetRows } from "./targets";

/**
 * The README's benchmark bullets, from a saved run (bench/results.json): `npm run docs` writes them
 * between the README's `generated:bench` markers, and a test fails when they are stale.
 */
export function readmeSummary(saved: {
  meta: { date: string; machine: string };
  scenarios: Scenario[];
  coldStart?: ColdStartResult;
}): string {
  const { scenarios } = saved;
  const ratios = gaxRatios(scenarios);
  const ours = (id: string) => byClient(scenarios, id, "oursLibrary");
  const lagRatio = (id: string, peer: string) => {
    const o = ours(id);
    const p = byClient(scenarios, id, peer);
    return o && p ? mean(o.lagsMs) / mean(p.lagsMs) : NaN;
  };
  const held = ratios.filter((r) => r.held);
  const scale = ours("scale");
  const scaleGax = byClient(scenarios, "scale", "gax");
  const slowest = scenarios.find((s) => s.id === "scale")?.slowestMs;
  const missed = targetRows(scenarios, saved.coldStart).filter(([, , x, ok]) => Number.isFinite(x) && !ok(x));
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const lines = [
    `In one run (${saved.meta.date.slice(0, 10)}, ${saved.meta.machine.split(",")[0]}), measured at the server:`,
    "",
    `- **Against google-gax** (mean detection lag ÷ gax's / requests ÷ gax's, cancels included): ${ratios
      .map((r) => `${r.id} ×${f(r.lag, 2)} / ×${f(r.requests, 2)}`)
      .join(
        ", ",
      )}. The targets (≤ gax's everywhere; ≤ 0.7× lag and ≤ 0.2× requests where at least 10 operations share a parent) hold in ${held.length} of ${ratios.length} scenarios.`,
    `- **Against gcloud and Terraform**: mean lag ×${f(lagRatio("gcloud", "gcloud"), 2)} of gcloud 528's on the same finish times, ×${f(lagRatio("single", "terraformSimulated"), 2)} of Terraform's 10 s schedule (simulated).`,
  ];
  if (scale && scaleGax)
    lines.push(
      `- **Scale**: ${n(scale.ops)} operations under 10 parents at 20 ms latency were all terminal in ${f(scale.wallMs / 1000)} s${slowest !== undefined ? ` (the slowest took ${f(slowest / 1000)} s)` : ""}, with ${n(scale.requests)} requests and a ${f(scale.maxRssMb)} MB peak RSS (gax: ${n(scaleGax.requests)} requests, ${f(scaleGax.maxRssMb)} MB).`,
    );
  if (saved.coldStart)
    lines.push(
      `- **Cold start**: \`pulumi destroy\` of a guard costs ×${f(coldStartRatio(saved.coldStart), 2)} a trivial dynamic resource's.`,
    );
  lines.push(
    missed.length === 0
      ? "- Every target in BENCHMARKS.md is met."
      : `- Missed, and explained in BENCHMARKS.md: ${missed.map(([what, , x, , unit]) => `${what} (${formatTarget(x, unit)})`).join("; ")}.`,
  );
  return lines.join("\n");
}
