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
import { jitterDown } from "../src/core/backoff";
import { seededRandom } from "../src/emulator/faults";
import { DEFAULT_POLL } from "../src/options/defaults";
import { DEFAULT_CADENCE, pollInterval, type CadencePolicy } from "../src/wait/cadence";
import { mean, type Scenario } from "./results";
import { SHARED_IDS, sharedShapes, singleShape, type Shape } from "./shapes";

/** How our request count over `shape` spreads over `draws` runs of the jitter: count → runs. */
export function requestSpread(shape: Shape, policy: CadencePolicy, draws: number): Map<number, number> {
  const random = seededRandom(12); // the emulator's mulberry32: the same draws on every run
  const spread = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const { requests } = modelShape(shape, policy, random);
    spread.set(requests, (spread.get(requests) ?? 0) + 1);
  }
  return new Map([...spread].sort((a, b) => a[0] - b[0]));
}

interface Modelled {
  requests: number;
  meanLagMs: number;
}

/**
 * Our requests and mean lag over `shape`. Each interval is shortened by the mean of the downward
 * jitter, or, given `random`, by a draw of it as the poller makes one (`jitterDown`).
 */
export function modelShape(shape: Shape, policy: CadencePolicy, random?: () => number): Modelled {
  const rtt = shape.latencyMs;
  const jittered = (base: number) =>
    random ? jitterDown(base, policy.poll.jitter, random) : base * (1 - policy.poll.jitter / 2);
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
      t += jittered(base) + rtt;
      requests += 1;
      while (pending.length > 0 && pending[0]! <= t) lagSum += t - pending.shift()!;
    }
  }
  return { requests, meanLagMs: lagSum / ops };
}

/** A policy override: a JSON object of some of DEFAULT_CADENCE's fields, each a finite number. */
export function parseOverride(text: string): Partial<CadencePolicy> {
  const fields = Object.keys(DEFAULT_CADENCE);
  const rule = `--model takes JSON objects of ${fields.join(", ")} (numbers), e.g. '{"floorMillis":100}'`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${rule}; not JSON: ${text}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${rule}; not an object: ${text}`);
  for (const [k, v] of Object.entries(value)) {
    if (!fields.includes(k)) throw new Error(`${rule}; not a cadence field: ${k}`);
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new Error(`${rule}; ${k} is not a number: ${JSON.stringify(v)}`);
  }
  return value as Partial<CadencePolicy>;
}

export function runModel(root: string, overrides: string[]): void {
  const saved = JSON.parse(readFileSync(path.join(root, "bench", "results.json"), "utf8")) as {
    meta: { date: string };
    scenarios: Scenario[];
  };
  const policies = [{}, ...overrides.map(parseOverride)].map((o): [string, CadencePolicy] => [
    JSON.stringify(o) === "{}" ? "default" : JSON.stringify(o),
    { poll: DEFAULT_POLL, ...DEFAULT_CADENCE, ...o },
  ]);
  const shapes = sharedShapes("full");
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
  const gaxSingle = saved.scenarios.find((s) => s.id === "single")?.results.find((r) => r.client === "gax");
  for (const [label, p] of policies) {
    const spread = [...requestSpread(singleShape("full"), p, 2_000)]
      .map(([requests, runs]) => `${requests} in ${runs}`)
      .join(", ");
    lines.push(
      `  single (${label}): our requests over 2,000 jitter draws: ${spread}${gaxSingle ? ` (gax sent ${gaxSingle.requests})` : ""}`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
