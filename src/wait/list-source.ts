/**
 * How one parent's pending operations are read, chosen afresh before every poll (see
 * docs/decisions.md, "Polling scheduler (issue 12)"), cheapest first:
 * - `names`: a list filtered to the tracked names (`name="…" OR …`), when that filter fits. One
 *   page whatever the parent's history, and finished operations stay in it, endings included.
 * - `plain`: an unfiltered list, while it costs one page.
 * - `open`: a list filtered to `done=false`; an operation that drops out of it needs one get.
 * - `gets`: a get per operation, when the list failed or cost more pages than there are operations.
 * A filter the server refuses (INVALID_ARGUMENT or UNIMPLEMENTED), and a fall back to gets, last
 * RELIST_AFTER_MILLIS; then the list (and the filter) is tried again.
 */
export type SourceKind = "names" | "plain" | "open" | "gets";

export interface Source {
  readonly kind: SourceKind;
  readonly filter?: string;
}

export const RELIST_AFTER_MILLIS = 30_000;
/** The client's own bound on a filter (src/client/filter.ts). */
export const MAX_FILTER_CHARS = 2000;
export const OPEN_FILTER = "done=false";

/** `name="a" OR name="b"`, or undefined when it would not fit in one filter. */
export function namesFilter(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const filter = names.map((n) => `name="${n}"`).join(" OR ");
  return filter.length <= MAX_FILTER_CHARS ? filter : undefined;
}

export class ListSource {
  private readonly refusedAt = new Map<SourceKind, number>();
  /** Since when polls go by get; never (-Infinity) until a list fails or costs too many pages. */
  private getsSince = Number.NEGATIVE_INFINITY;
  private plainPages = 1;

  /** The source for the next poll of `pending` (formatted operation names) at `now`. */
  choose(now: number, pending: readonly string[]): Source {
    if (now - this.getsSince < RELIST_AFTER_MILLIS) return { kind: "gets" };
    this.getsSince = Number.NEGATIVE_INFINITY; // then probe the list again, and keep to it
    for (const [kind, at] of this.refusedAt) if (now - at >= RELIST_AFTER_MILLIS) this.refusedAt.delete(kind);
    const names = this.refusedAt.has("names") ? undefined : namesFilter(pending);
    if (names !== undefined) return { kind: "names", filter: names };
    if (this.plainPages <= 1 || this.refusedAt.has("open")) return { kind: "plain" };
    return { kind: "open", filter: OPEN_FILTER };
  }

  /** The server refused this source's filter (only `names` and `open` send one). */
  refused(source: Source, now: number): void {
    this.refusedAt.set(source.kind, now);
  }

  /** The list failed otherwise: poll by get for a while. */
  failed(now: number): void {
    this.getsSince = now;
  }

  /** A list answered in `pages` pages for `pending` operations. */
  listed(source: Source, pages: number, pending: number, now: number): void {
    if (source.kind === "plain") this.plainPages = pages;
    if (pages > pending) this.getsSince = now;
  }
}
