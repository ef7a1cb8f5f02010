/**
 * The `concurrency` bound on per-operation calls (gets and cancels) in flight for a whole wait,
 * shared by every group's poller, so that independent pollers cannot multiply it. Lists are
 * outside it (one per parent at most). First come, first served.
 */
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.queue.push(resolve)); // the slot is handed over
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Run `fn` over `items` through the limiter; rejects with the first error after all settle. */
export async function each<T>(limiter: Limiter, items: readonly T[], fn: (item: T) => Promise<void>) {
  let first: { error: unknown } | undefined;
  await Promise.all(
    items.map((item) =>
      limiter
        .run(() => fn(item))
        .catch((error: unknown) => {
          first ??= { error };
        }),
    ),
  );
  if (first) throw first.error;
}
