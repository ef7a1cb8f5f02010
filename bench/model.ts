/**
 * `npm run bench -- --model [POLICY_JSON …]`: replay our poll schedule over the shared scenarios'
 * shapes (bench/shapes.ts, full size) without a server, and compare it with google-gax's requests
 * and mean lag as the last full run measured them (bench/results.json). Each JSON argument
 * overrides fields of the default cadence (e.g. '{"floorMillis":100,"budget":0.15}'), so a policy
 * can be weighed in a second before a 25-minute run measures it. docs/decisions.md ("Polling
 * scheduler") says how well the model matched a measured run.
 *
 * The model: per parent, one look and its cancels (one round trip), then polls at `pollInterval`
 * (wait/cadence.ts) scaled by the mean of the downward jitter, each one request (one page; the
 * names filter or an unfiltered list of one page), each seeing every operation ended by the time it
 * arrives. A lone operation is a group of its own, read with gets on the same schedule.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_POLL } from "../src/options/defaults";
import { DEFAULT_CADENCE, pollInterval, type CadencePolicy } from "../src/wait/cadence";
import type { Scenario } from "./report";
import { SHARED_IDS, sharedShapes, type Shape } from "./shapes";

interface Modelled {
  requests: number;
  meanLagMs: number;
}

export function modelShape(shape: Shape, policy: CadencePolicy): Modelled {
  const rtt = shape.latencyMs;
  const meanJitter = 1 - policy.poll.jitter / 2;
  let requests = 0;
  let lagSum = 0;
  let ops = 0;
  for (const delays of shape.parents) {
    const listed = delays.length > 1;
    const pending = [...delays].sort((a, b) => a - b);
    ops += pending.length;
    requests += 1; // the first look: one list, or one get
    requests += pending.length; // one cancel each
    let t = 2 * rtt;
    let age = 0;
    while (pending.length > 0) {
      const base = pollInterval(policy, age, listed ? Math.max(2, pending.length) : pending.length);
      age += base;
      t += base * meanJitter + rtt;
      requests += 1;
      while (pending.length > 0 && pending[0]! <= t) lagSum += t - pending.shift()!;
    }
  }
  return { requests, meanLagMs: lagSum / ops };
}

export function runModel(root: string, overrides: string[]): void {
  const saved = JSON.parse(readFileSync(path.join(root, "bench", "results.json"), "utf8")) as {
    meta: { date: string };
    scenarios: Scenario[];
  };
  const policies = [{}, ...overrides.map((o) => JSON.parse(o) as Partial<CadencePolicy>)].map(
    (o): [string, CadencePolicy] => [
      JSON.stringify(o) === "{}" ? "default" : JSON.stringify(o),
      { poll: DEFAULT_POLL, ...DEFAULT_CADENCE, ...o },
    ],
  );
  const shapes = sharedShapes("full");
  const mean = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => typeof x === "number");
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  const lines = [
    `Modelled against google-gax as measured on ${saved.meta.date} (requests ÷ gax, mean lag ÷ gax):`,
  ];
  for (const id of SHARED_IDS) {
    const gax = saved.scenarios.find((s) => s.id === id)?.results.find((r) => r.client === "gax");
    if (!gax) continue;
    const gaxLag = mean(gax.lagsMs);
    const cells = policies.map(([label, p]) => {
      const m = modelShape(shapes[id], p);
      return `${label}: ${(m.requests / gax.requests).toFixed(3)} / ${(m.meanLagMs / gaxLag).toFixed(2)}`;
    });
    lines.push(`  ${id.padEnd(8)} ${cells.join("   ")}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
