import { seededRandom } from "../../src/emulator/faults";

/** A seeded PRNG (mulberry32, the emulator's) with the few helpers the reliability runs need. */
export class Prng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** A float in [0, 1). */
  readonly float = (): number => this.next();

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One of `items`, chosen with the given weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((n, [, w]) => n + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** A seed for a derived generator (fault rules, jitter). */
  seed(): number {
    return Math.floor(this.next() * 2 ** 32);
  }
}
