import { formatLocation, parentOf, type LocationName } from "../lro/names";
import type { Tracked } from "./ledger";
import { ListSource } from "./list-source";

/**
 * The unit of polling: the tracked operations of one parent (read with one list), or a single
 * operation (read with a get). Each group has its own poller and cadence.
 */
export interface Group {
  readonly parent: LocationName;
  readonly display: string;
  readonly members: readonly Tracked[];
  /** Read with a list (two or more operations under one parent, batching on). */
  readonly listed: boolean;
  readonly source: ListSource;
}

export function groupsOf(all: readonly Tracked[], batchByParent: boolean): Group[] {
  const byKey = new Map<string, Tracked[]>();
  for (const t of all) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t]);
  const groups: Group[] = [];
  for (const members of byKey.values()) {
    const parent = parentOf(members[0]!.name);
    const split = !batchByParent || members.length < 2;
    for (const m of split ? members.map((t) => [t]) : [members])
      groups.push({
        parent,
        display: split ? m[0]!.display : formatLocation(parent),
        members: m,
        listed: !split,
        source: new ListSource(),
      });
  }
  return groups;
}

export function pendingOf(g: Group): Tracked[] {
  return g.members.filter((t) => !t.result);
}
