import type { CallContext } from "../client/call";
import type { OperationsClient } from "../client/operations-client";
import { BeyondCorpError, invalidInput } from "../core/errors";
import { parseOperationName, type LocationName, type OperationName } from "../lro/names";
import type { Operation } from "../lro/operation";

/** "Every in-flight operation under `parent` on these targets / matching this filter." */
export interface Watch {
  parent: LocationName;
  /** Resource names compared with the operation metadata's `target`. */
  targets?: readonly string[];
  /** An extra AIP-160 filter, ANDed with the rest. */
  filter?: string;
}

const TARGET_RULE = /^[A-Za-z0-9._~/:@-]{1,1024}$/;

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

/** The server-side filter for a watch. */
export function watchFilter(w: Watch): string {
  const parts = ["done=false"];
  const targets = (w.targets ?? []).map((t) => checkTarget(t));
  if (targets.length > 0) parts.push(`(${targets.map((t) => `metadata.target="${t}"`).join(" OR ")})`);
  if (w.filter) parts.push(`(${w.filter})`);
  return parts.join(" AND ");
}

/**
 * Resolve a watch to operation names. When the server rejects the filter and the watch has no
 * user filter, list everything and match `done` and `target` here instead.
 */
export async function resolveWatch(
  client: OperationsClient,
  w: Watch,
  ctx: CallContext = {},
): Promise<OperationName[]> {
  const wanted = new Set(w.targets ?? []);
  // Trust but verify: filtering is the server's job, the invariant is ours.
  const pick = (ops: Operation[]) =>
    ops
      .filter(
        (o) =>
          !o.done &&
          (wanted.size === 0 || (o.metadata?.target !== undefined && wanted.has(o.metadata.target))),
      )
      .map((o) => parseOperationName(o.name, { apiVersion: w.parent.apiVersion, field: "operation.name" }));
  try {
    return pick((await client.listAll(w.parent, { ...ctx, filter: watchFilter(w) })).operations);
  } catch (err) {
    const rejected = BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "INVALID_ARGUMENT";
    if (!rejected || w.filter) throw err;
    return pick((await client.listAll(w.parent, ctx)).operations);
  }
}
