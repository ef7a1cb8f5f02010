import { ApiError, notFound } from "../api-error";
import type { OperationRecord } from "../operation-record";
import { emptyResponse } from "../responses";
import type { ApiRoute } from "../route-parse";
import type { EmulatorState } from "../state";
import { checkReady } from "./busy";
import { lroRecord } from "./lro";

type ResourceRoute = Extract<ApiRoute, { kind: "resource" }>;

/**
 * DELETE: unless it is a dry run, start a delete LRO whose response is google.protobuf.Empty. A
 * resource with children (a security gateway with applications) is FAILED_PRECONDITION, as AIP-135
 * asks of a delete without `force` (the BeyondCorp API has no `force`).
 */
export function startDelete(
  state: EmulatorState,
  route: ResourceRoute,
  dryRun: boolean,
  nowMs: number,
): OperationRecord {
  const found = state.resources.get(route.name, nowMs);
  if (found === undefined) throw notFound(route.spec.kind, route.name);
  checkReady(found.entry, found.lifecycle);
  if (state.resources.hasChildren(route.name, nowMs)) {
    throw new ApiError(
      "FAILED_PRECONDITION",
      `${route.spec.kind} "${route.name}" has child resources; delete them first.`,
      "RESOURCE_HAS_CHILDREN",
      { resource: route.name },
    );
  }
  const op = lroRecord(
    state,
    {
      location: route.location,
      spec: route.spec,
      target: route.name,
      verb: "delete",
      version: route.version,
      response: emptyResponse,
    },
    nowMs,
    dryRun,
  );
  if (!dryRun) {
    found.entry.deleteOp = op;
    state.ops.add(op, nowMs);
  }
  return op;
}
