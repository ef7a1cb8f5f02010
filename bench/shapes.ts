/**
 * The shared-parent scenarios' shapes: which parent each operation is under and when its cancel
 * takes effect. `npm run bench` seeds the emulator from them, and `--model` (bench/model.ts)
 * replays our poll schedule over the same shapes without a server.
 */
import type { Emulator } from "../src/emulator";

export type Size = "smoke" | "quick" | "full";

export interface Shape {
  title: string;
  /** Per parent, the delay (ms) after which each operation's cancel takes effect. */
  parents: number[][];
  latencyMs: number;
  /** Finished operations seeded beside the live ones (one parent's long history). */
  finishedOps?: number;
  /** At least 10 operations share a parent: the stricter targets apply. */
  shared: boolean;
}

export function logUniform(i: number, n: number, lo: number, hi: number): number {
  return Math.round(Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * (i + 0.5)) / n));
}

/** `n` operations dealt round-robin over `k` parents (operation i under parent i mod k). */
function dealt(n: number, k: number, delay: (i: number) => number): number[][] {
  const parents = Array.from({ length: k }, (): number[] => []);
  for (let i = 0; i < n; i++) parents[i % k]!.push(delay(i));
  return parents;
}

/** Single operations, each under its own parent: the gax-like singleton schedule's scenario. */
export function singleShape(size: Size): Shape {
  const n = size === "smoke" ? 2 : size === "quick" ? 6 : 12;
  const hi = size === "smoke" ? 1_000 : size === "quick" ? 10_000 : 120_000;
  return {
    title: `Single operations, cancel effective after a log-uniform 0.2–${hi / 1000} s, each under its own parent`,
    parents: Array.from({ length: n }, (_, i) => [logUniform(i, n, 200, hi)]),
    latencyMs: 0,
    shared: false,
  };
}

export const SHARED_IDS = ["batch", "scale", "few", "history", "mixed"] as const;
export type SharedId = (typeof SHARED_IDS)[number];

export function sharedShapes(size: Size): Record<SharedId, Shape> {
  const pick = <T>(smoke: T, quick: T, full: T): T =>
    size === "smoke" ? smoke : size === "quick" ? quick : full;
  const batchFrom = pick(200, 1000, 1000);
  const nScale = pick(20, 200, 1000);
  const scaleHi = pick(1_000, 5_000, 30_000);
  const nFew = pick(4, 20, 40);
  const fewHi = pick(1_000, 5_000, 30_000);
  const nOld = pick(300, 2_000, 5_000);
  const nLive = pick(10, 25, 25);
  const histHi = pick(1_000, 10_000, 60_000);
  // Parent sizes 1 to 100; lengths log-uniform, dealt across parents so each size gets short and long.
  const sizes = size === "smoke" ? [1, 2, 10] : [1, 1, 2, 5, 10, 25, 50, 100];
  const total = sizes.reduce((a, b) => a + b, 0);
  const mixHi = pick(1_000, 10_000, 60_000);
  let k = 0;
  return {
    batch: {
      title: `Batching: 100 operations under one parent, cancelled together (cancel effective after ${batchFrom / 1000}–${(batchFrom + 100 * 40) / 1000} s)`,
      parents: [Array.from({ length: 100 }, (_, i) => batchFrom + i * 40)],
      latencyMs: 0,
      shared: true,
    },
    scale: {
      title: `Scale: ${nScale} operations under 10 parents, 20 ms latency per request, cancel effective after 0.2–${scaleHi / 1000} s`,
      parents: dealt(nScale, 10, (i) => logUniform(i, nScale, 200, scaleHi)),
      latencyMs: 20,
      shared: true,
    },
    few: {
      title: `Many parents: ${nFew} parents with 3 operations each, cancel effective after a log-uniform 0.2–${fewHi / 1000} s`,
      parents: dealt(nFew * 3, nFew, (i) => logUniform(i, nFew * 3, 200, fewHi)),
      latencyMs: 0,
      shared: false,
    },
    history: {
      title: `Long history: one parent with ${nOld} finished operations and ${nLive} live ones, cancel effective after a log-uniform 1–${histHi / 1000} s`,
      parents: [Array.from({ length: nLive }, (_, i) => logUniform(i, nLive, 1_000, histHi))],
      latencyMs: 0,
      finishedOps: nOld,
      shared: true,
    },
    mixed: {
      title: `Mixed: ${total} operations under ${sizes.length} parents of ${sizes.join(", ")}, cancel effective after a log-uniform 0.2–${mixHi / 1000} s`,
      parents: sizes.map((n) =>
        Array.from({ length: n }, () => logUniform((k++ * 37) % total, total, 200, mixHi)),
      ),
      latencyMs: 0,
      shared: true,
    },
  };
}

/**
 * Seed `shape` into the emulator under `prefix`: parent p is `projects/{prefix}-{id}-{p}/locations/global`,
 * its finished operations (if any) first, then one operation per delay. Returns the tracked names.
 */
export function seedShape(emu: Pick<Emulator, "seed">, id: string, shape: Shape, prefix: string): string[] {
  return shape.parents.flatMap((delays, p) => {
    const parent = `projects/${prefix}-${id}-${p}/locations/global`;
    for (let i = 0; i < (shape.finishedOps ?? 0); i++)
      emu.seed({ name: `${parent}/operations/old-${i}`, doneAfterMs: 0 });
    return delays.map((cancelDelayMs, j) => {
      const name = `${parent}/operations/op-${j}`;
      emu.seed({ name, service: "appconnectors", cancelDelayMs });
      return name;
    });
  });
}
