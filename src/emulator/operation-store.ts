import { alreadyExists } from "./api-error";
import { isVisible, finishedOutcome, type OperationRecord } from "./operation-record";
import type { FilterPredicate } from "./filter";
import type { PageCursor } from "./page-token";

function compare(a: { createdAtMs: number; name: string }, b: { createdAtMs: number; name: string }): number {
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs - b.createdAtMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A page of operations plus whether more match after it. */
export interface OperationPage {
  readonly items: OperationRecord[];
  readonly more: boolean;
}

/** All operations, indexed by name and by parent (kept sorted by create time, then name). */
export class OperationStore {
  private readonly byName = new Map<string, OperationRecord>();
  private readonly byParent = new Map<string, OperationRecord[]>();

  /** Add a record; a visible operation with the same name is a conflict, an invisible one is replaced. */
  add(rec: OperationRecord, nowMs: number): void {
    const existing = this.byName.get(rec.name);
    if (existing !== undefined) {
      if (isVisible(existing, nowMs)) throw alreadyExists("Operation", rec.name);
      this.dropFromParent(existing);
    }
    this.byName.set(rec.name, rec);
    const list = this.byParent.get(rec.parent) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(list[mid] as OperationRecord, rec) < 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, rec);
    this.byParent.set(rec.parent, list);
  }

  /** The operation if API calls can see it now. */
  get(name: string, nowMs: number): OperationRecord | undefined {
    const rec = this.byName.get(name);
    return rec !== undefined && isVisible(rec, nowMs) ? rec : undefined;
  }

  /** Mark deleted (it stays in `all()` for the control API, flagged with deletedAtMs). */
  delete(rec: OperationRecord, nowMs: number): void {
    rec.deletedAtMs = nowMs;
    this.dropFromParent(rec);
  }

  /** One page of visible operations under `parent` that match, after `cursor`. */
  page(
    parent: string,
    nowMs: number,
    matches: FilterPredicate,
    pageSize: number,
    cursor: PageCursor | undefined,
  ): OperationPage {
    const list = this.byParent.get(parent) ?? [];
    let start = 0;
    if (cursor !== undefined) {
      let hi = list.length;
      while (start < hi) {
        const mid = (start + hi) >> 1;
        if (compare(list[mid] as OperationRecord, cursor) <= 0) start = mid + 1;
        else hi = mid;
      }
    }
    const items: OperationRecord[] = [];
    for (let i = start; i < list.length; i++) {
      const rec = list[i] as OperationRecord;
      if (!isVisible(rec, nowMs)) continue;
      const view = {
        name: rec.name,
        done: finishedOutcome(rec, nowMs) !== undefined,
        target: rec.target ?? "",
        verb: rec.verb,
      };
      if (!matches(view)) continue;
      if (items.length === pageSize) return { items, more: true };
      items.push(rec);
    }
    return { items, more: false };
  }

  all(): OperationRecord[] {
    return [...this.byName.values()].sort(compare);
  }

  clear(): void {
    this.byName.clear();
    this.byParent.clear();
  }

  private dropFromParent(rec: OperationRecord): void {
    const list = this.byParent.get(rec.parent);
    const i = list?.indexOf(rec) ?? -1;
    if (list !== undefined && i >= 0) list.splice(i, 1);
  }
}
