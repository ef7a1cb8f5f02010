/**
 * `npm run bench -- --model [POLICY_JSON …]`: run the real waiter (`cancelAndWait`, with its real
 * cadence and poller) over the shared scenarios' shapes (bench/shapes.ts, full size), on a fake
 * clock against the in-memory operations client of the unit tests, and compare its requests and
 * mean lag with google-gax's as the last full run measured them (bench/results.json). Each JSON
 * argument overrides fields of the default cadence (e.g. '{"floorMillis":100,"budget":0.15}'),
 * so a policy can be weighed in seconds before a 25-minute run measures it. A change to the waiter
 * shows here at once: test/unit/bench-model.test.ts ties the model to the committed run.
 *
 * What is modelled: the emulator's shapes (when each operation's cancel takes effect, the finished
 * history beside them, the per-request latency), measured as the bench measures at the server
 * (requests, and lag from an operation's end to the arrival of the first request told of it). The
 * jitter is the mean draw unless `random` is given.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { seededRandom } from "../src/emulator/faults";
import { parseOperationName } from "../src/lro/names";
import { DEFAULT_CADENCE, type CadencePolicy } from "../src/wait/cadence";
import { cancelAndWait } from "../src/wait/waiter";
import { FakeClient } from "../test/helpers/fake-client";
import { FakeClock } from "../test/helpers/fake-clock";
import { mean, type Scenario } from "./results";
import { SHARED_IDS, sharedShapes, singleShape, type Shape } from "./shapes";

/** The cadence's tuning figures (everything but the poll schedule). */
export type CadenceFigures = Omit<CadencePolicy, "poll">;

/** How our request count over `shape` spreads over `draws` runs of the jitter: count → runs. */
export async function requestSpread(
  shape: Shape,
  cadence: Partial<CadenceFigures>,
  draws: number,
): Promise<Map<number, number>> {
  const random = seededRandom(12); // the emulator's mulberry32: the same draws on every run
  const spread = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const { requests } = await modelShape(shape, cadence, random);
    spread.set(requests, (spread.get(requests) ?? 0) + 1);
  }
  return new Map([...spread].sort((a, b) => a[0] - b[0]));
}

export interface Modelled {
  requests: number;
  meanLagMs: number;
}

/**
 * The real waiter over `shape`: its requests and mean detection lag. Each poll's jitter is the mean
 * draw (`random` returning ½), or, given `random`, a draw of it as in a real run.
 */
export async function modelShape(
  shape: Shape,
  cadence: Partial<CadenceFigures> = {},
  random: () => number = () => 0.5,
): Promise<Modelled> {
  const clock = new FakeClock(0);
  const client = new FakeClient(clock);
  client.latencyMs = shape.latencyMs;
  const names = shape.parents.flatMap((delays, p) => {
    const parent = `projects/model-${p}/locations/global`;
    for (let i = 0; i < (shape.finishedOps ?? 0); i++)
      client.add(`${parent}/operations/old-${i}`, { doneAt: 0 });
    return delays.map((cancelDelayMs, j) => {
      const name = `${parent}/operations/op-${j}`;
      client.add(name, { cancelDelayMs });
      return name;
    });
  });
  const wait = cancelAndWait(
    client.asClient(),
    names.map((n) => parseOperationName(n)),
    {},
    { clock, random, cadence },
  );
  await clock.runAll();
  const report = await wait;
  const lags = names.map((n) => {
    const seen = client.firstSeenDone.get(n);
    const done = client.ops.get(n)?.doneAt;
    if (seen === undefined || done === undefined) throw new Error(`the model never saw ${n} end`);
    return Math.max(0, seen - done);
  });
  return { requests: report.requests, meanLagMs: mean(lags) };
}

/** A policy override: a JSON object of some of DEFAULT_CADENCE's fields, each a finite number. */
export function parseOverride(text: string): Partial<CadenceFigures> {
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
  return value as Partial<CadenceFigures>;
}

export async function runModel(root: string, overrides: string[]): Promise<void> {
  const saved = JSON.parse(readFileSync(path.join(root, "bench", "results.json"), "utf8")) as {
    meta: { date: string };
    scenarios: Scenario[];
  };
  const policies = [{}, ...overrides.map(parseOverride)].map((o): [string, Partial<CadenceFigures>] => [
    JSON.stringify(o) === "{}" ? "default" : JSON.stringify(o),
    o,
  ]);
  const shapes = sharedShapes("full");
  const lines = [
    `Modelled against google-gax as measured on ${saved.meta.date} (requests ÷ gax, mean lag ÷ gax):`,
  ];
  for (const id of SHARED_IDS) {
    const gax = saved.scenarios.find((s) => s.id === id)?.results.find((r) => r.client === "gax");
    if (!gax) continue;
    const gaxLag = mean(gax.lagsMs);
    const cells: string[] = [];
    for (const [label, p] of policies) {
      const m = await modelShape(shapes[id], p);
      cells.push(
        `${label}: ${(m.requests / gax.requests).toFixed(3)} / ${(m.meanLagMs / gaxLag).toFixed(2)}`,
      );
    }
    lines.push(`  ${id.padEnd(8)} ${cells.join("   ")}`);
  }
  const gaxSingle = saved.scenarios.find((s) => s.id === "single")?.results.find((r) => r.client === "gax");
  for (const [label, p] of policies) {
    const spread = [...(await requestSpread(singleShape("full"), p, 2_000))]
      .map(([requests, runs]) => `${requests} in ${runs}`)
      .join(", ");
    lines.push(
      `  single (${label}): our requests over 2,000 jitter draws: ${spread}${gaxSingle ? ` (gax sent ${gaxSingle.requests})` : ""}`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
