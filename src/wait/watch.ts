import type { CallContext } from "../client/call";
import { checkFilter } from "../client/filter";
import type { OperationsClient } from "../client/operations-client";
import { BeyondCorpError, invalidInput } from "../core/errors";
import { formatLocation, parseOperationName, type LocationName, type OperationName } from "../lro/names";
import type { Operation } from "../lro/operation";
import { sameTarget } from "../lro/targets";
import type { ProgressEvent, WatchListing } from "./progress";
import { compileWatchFilter } from "./watch-filter";

/** "Every in-flight operation under `parent` on these targets / matching this filter." */
export interface Watch {
  parent: LocationName;
  /** Resource names compared with the operation metadata's `target` (project id or number alike). */
  targets?: readonly string[];
  /** An extra AIP-160 filter, ANDed with the rest; checked here too (see watch-filter.ts). */
  filter?: string;
}

export interface WatchDeps {
  /** Told how the watch was resolved: filtered by the server, or listed and matched here. */
  onProgress?: (e: ProgressEvent) => void;
}

const TARGET_RULE = /^[A-Za-z0-9._~/:@-]{1,1024}$/;
/** Answers to a filtered list after which a watch lists without the filter and matches itself. */
const FILTER_REFUSALS: ReadonlySet<string> = new Set(["INVALID_ARGUMENT", "UNIMPLEMENTED"]);

export function checkTarget(value: unknown, field = "targets"): string {
  if (typeof value !== "string" || !TARGET_RULE.test(value)) {
    throw invalidInput(
      field,
      "must be a resource name of letters, digits and . _ ~ / : @ - (1-1024 characters)",
      value,
    );
  }
  return value;
}

/**
 * A watch that does not narrow its parent: no target, and no filter or a blank one. It would take
 * every in-flight operation in the location, so every door that cancels refuses it (the resource's
 * check, the CLI) and a tracked set skips it. `resolveWatch` itself, which only lists, resolves it.
 */
export function isBareWatch(w: { targets?: readonly unknown[] | undefined; filter?: unknown }): boolean {
  return (
    (w.targets?.length ?? 0) === 0 &&
    (w.filter === undefined || (typeof w.filter === "string" && w.filter.trim() === ""))
  );
}

/** Why a bare watch is refused. */
export const BARE_WATCH_RULE =
  "needs targets or a filter (a bare parent would cancel every operation in the location)";

/** A watch's own filter: printable and bounded, and in the grammar a watch can check itself. */
export function checkWatchFilter(filter: string, field = "filter"): string {
  compileWatchFilter(checkFilter(filter, field), field);
  return filter;
}

/**
 * The server-side filter for a watch: in flight, and the user's filter. Targets are not sent: the
 * server may write the project as its number where the user wrote its id (or the reverse), and a
 * server-side string match would then drop exactly the operations the watch is for. They are
 * matched here, with `sameTarget`.
 */
export function watchFilter(w: Watch): string {
  for (const t of w.targets ?? []) checkTarget(t);
  return w.filter ? `done=false AND (${w.filter})` : "done=false";
}

/** `STATUS: message`, once (API errors' messages already start with their status). */
function reasonOf(err: BeyondCorpError): string {
  const status = err.status ?? err.code;
  return err.message.startsWith(`${status}: `) ? err.message : `${status}: ${err.message}`;
}

function isRefusal(err: unknown): err is BeyondCorpError {
  return BeyondCorpError.is(err) && err.code === "ERR_API" && FILTER_REFUSALS.has(err.status);
}

/**
 * Resolve a watch to operation names. The server filters first; every listed operation is then
 * checked here against the filter's meaning (not done, the user's filter, a target), so a server
 * that ignores the filter cannot widen the watch. When the server refuses the filter
 * (INVALID_ARGUMENT or UNIMPLEMENTED) the watch lists without one and matches everything here.
 * How it went is reported as one `watch` progress event.
 */
export async function resolveWatch(
  client: OperationsClient,
  w: Watch,
  ctx: CallContext = {},
  deps: WatchDeps = {},
): Promise<OperationName[]> {
  const parent = formatLocation(w.parent);
  const inFilter = compileWatchFilter(w.filter ?? "");
  const wanted = (w.targets ?? []).map((t) => checkTarget(t));
  const serverPart = (o: Operation) => !o.done && inFilter(o, w.parent);
  const onTarget = (o: Operation) => {
    const seen = o.metadata?.target;
    if (wanted.length === 0) return { hit: true, exact: true };
    if (seen === undefined) return { hit: false, exact: false };
    const exact = wanted.includes(seen);
    return { hit: exact || wanted.some((t) => sameTarget(t, seen, w.parent)), exact };
  };
  const report = (listing: WatchListing, ops: Operation[], refusal?: BeyondCorpError) => {
    const kept = ops.filter(serverPart);
    const hits = kept.map((o) => ({ o, ...onTarget(o) })).filter((h) => h.hit);
    deps.onProgress?.({
      type: "watch",
      parent,
      listing: listing === "filtered" && kept.length < ops.length ? "ignored" : listing,
      listed: ops.length,
      outside: ops.length - kept.length,
      matched: hits.length,
      otherForm: hits.filter((h) => !h.exact).length,
      ...(refusal ? { reason: reasonOf(refusal) } : {}),
    });
    return hits.map((h) =>
      parseOperationName(h.o.name, { apiVersion: w.parent.apiVersion, field: "operation.name" }),
    );
  };
  const failed = (err: unknown): never => {
    if (BeyondCorpError.is(err) && err.code !== "ERR_ABORTED")
      deps.onProgress?.({
        type: "watch",
        parent,
        listing: "failed",
        listed: 0,
        outside: 0,
        matched: 0,
        otherForm: 0,
        reason: reasonOf(err),
      });
    throw err;
  };
  let refusal: BeyondCorpError;
  try {
    return report(
      "filtered",
      (await client.listAll(w.parent, { ...ctx, filter: watchFilter(w) })).operations,
    );
  } catch (err) {
    if (!isRefusal(err)) return failed(err);
    refusal = err;
  }
  const all = await client.listAll(w.parent, ctx).catch(failed);
  return report("refused", all.operations, refusal);
}
