import { mapLimit } from "../core/concurrency";
import { formatOperation, parentOf } from "../lro/names";
import { isDeadlineOrAbort } from "./deadline";
import type { Tracked } from "./ledger";
import { callContext, type RoundContext } from "./round";

/**
 * Look at every pending operation once. Operations that share a parent are read with one paged
 * list; the rest, and those missing from the list, with a get. A parent whose list is refused, or
 * costs more pages than it has operations to watch, is read with gets from then on.
 */
export async function observeRound(r: RoundContext, initial: boolean): Promise<void> {
  const groups = new Map<string, Tracked[]>();
  for (const t of r.ledger.pending()) groups.set(t.key, [...(groups.get(t.key) ?? []), t]);
  const toGet: Tracked[] = [];
  for (const [key, group] of groups) {
    if (!r.settings.batchByParent || group.length < 2 || r.listUnusable.has(key)) toGet.push(...group);
    else toGet.push(...(await listGroup(r, key, group, initial)));
  }
  await mapLimit(toGet, r.settings.concurrency, async (t) => {
    try {
      r.ledger.apply(t, await r.client.get(t.name, callContext(r, t)), initial);
    } catch (err) {
      r.ledger.callFailed(t, err, "get");
    }
  });
}

/** List one parent; returns the operations that still need a get. */
async function listGroup(
  r: RoundContext,
  key: string,
  group: Tracked[],
  initial: boolean,
): Promise<Tracked[]> {
  try {
    const { operations, pages } = await r.client.listAll(parentOf(group[0]!.name), callContext(r, undefined));
    const share = pages / group.length;
    const found = new Map(operations.map((o) => [o.name, o]));
    const missing: Tracked[] = [];
    for (const t of group) {
      t.listShare += share;
      const op = found.get(formatOperation(t.name));
      if (op) r.ledger.apply(t, op, initial);
      else missing.push(t);
    }
    if (pages > group.length) r.listUnusable.add(key);
    return missing;
  } catch (err) {
    if (isDeadlineOrAbort(err)) throw err;
    r.listUnusable.add(key);
    return group;
  }
}
