import { BeyondCorpError } from "../core/errors";
import { formatOperation } from "../lro/names";
import { isDeadlineOrAbort } from "./deadline";
import { pendingOf, type Group } from "./group";
import type { Tracked } from "./ledger";
import { each } from "./limiter";
import { callContext, type RoundContext } from "./round";

/**
 * Look at every pending operation of one group once: with one list (its source chosen by
 * list-source.ts), then a get for each operation the list did not show; or with a get each.
 */
export async function observeGroup(r: RoundContext, g: Group, initial: boolean): Promise<void> {
  const pending = pendingOf(g);
  if (pending.length === 0) return;
  const toGet = g.listed ? await listGroup(r, g, pending, initial) : pending;
  await each(r.limiter, toGet, async (t) => {
    try {
      r.ledger.apply(t, await r.client.get(t.name, callContext(r, t)), initial);
    } catch (err) {
      r.ledger.callFailed(t, err, "get", initial);
    }
  });
}

/** List one parent; returns the operations that still need a get. */
async function listGroup(r: RoundContext, g: Group, pending: Tracked[], initial: boolean) {
  for (;;) {
    const now = r.clock.now();
    const source = g.source.choose(
      now,
      pending.map((t) => formatOperation(t.name)),
    );
    if (source.kind === "gets") return pending;
    try {
      const ctx = { ...callContext(r, undefined), ...(source.filter ? { filter: source.filter } : {}) };
      // Not through the limiter: one list in flight per parent at most, and a parent's poll must
      // not queue behind another parent's cancels (1,000 cancels at 20 ms take 2.5 s at 8 at once).
      const { operations, pages } = await r.client.listAll(g.parent, ctx);
      const share = pages / pending.length;
      const found = new Map(operations.map((o) => [o.name, o]));
      const missing: Tracked[] = [];
      for (const t of pending) {
        t.listShare += share;
        const op = found.get(formatOperation(t.name));
        if (op) r.ledger.apply(t, op, initial);
        else missing.push(t);
      }
      g.source.listed(source, pages, pending.length, now);
      return missing;
    } catch (err) {
      if (isDeadlineOrAbort(err)) throw err;
      if (source.filter !== undefined && refusedFilter(err)) {
        g.source.refused(source, now); // and try the next source in this same poll
        continue;
      }
      g.source.failed(now);
      return pending;
    }
  }
}

/** How a server without (this) filter support answers: either code, as a watch also takes them. */
function refusedFilter(err: unknown): boolean {
  return (
    BeyondCorpError.is(err) &&
    err.code === "ERR_API" &&
    (err.status === "INVALID_ARGUMENT" || err.status === "UNIMPLEMENTED")
  );
}
