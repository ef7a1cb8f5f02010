import { notFound } from "../api-error";
import type { OperationRecord, ResponseBuilder } from "../operation-record";
import { currentFields, renderResource } from "../resource-store";
import type { ApiRoute } from "../route-parse";
import type { EmulatorState } from "../state";
import type { QueryParams } from "../wire/query-params";
import { checkRequired, writableFields } from "./body";
import { checkReady } from "./busy";
import { startCreate } from "./create";
import { lroRecord } from "./lro";
import { applyMask, maskPaths } from "./update-mask";

type ResourceRoute = Extract<ApiRoute, { kind: "resource" }>;

/**
 * PATCH: validate the mask and body and, unless it is a dry run, start an update LRO (verb
 * `update`). The resource reads UPDATING while it runs and gets the new fields when it succeeds; a
 * cancelled or failed update leaves the fields as they were. `allowMissing` (app connections)
 * creates a missing resource instead, with a create LRO.
 */
export function startUpdate(
  state: EmulatorState,
  route: ResourceRoute,
  params: QueryParams,
  body: unknown,
  dryRun: boolean,
  nowMs: number,
): OperationRecord {
  const { spec } = route;
  const found = state.resources.get(route.name, nowMs);
  if (found === undefined) {
    if (spec.update?.allowMissing === true && params.bool("allowMissing")) {
      return startCreate(state, route, route.id, body, dryRun, nowMs);
    }
    throw notFound(spec.kind, route.name);
  }
  const { entry, lifecycle } = found;
  const given = writableFields(spec, body, route.name);
  checkReady(entry, lifecycle);
  const current = currentFields(entry, nowMs);
  const fields = applyMask(current, given, maskPaths(spec, params.str("updateMask"), given, current));
  checkRequired(spec, fields);
  const response: ResponseBuilder = (version, doneAtMs) =>
    renderResource(entry, {
      fields,
      lifecycle: "READY",
      updatedAtMs: doneAtMs,
      version,
      withType: true,
      enums: "string",
    });
  const op = lroRecord(
    state,
    { location: route.location, spec, target: entry.name, verb: "update", version: route.version, response },
    nowMs,
    dryRun,
  );
  if (!dryRun) {
    entry.updates.push({ op, fields });
    state.ops.add(op, nowMs);
  }
  return op;
}
