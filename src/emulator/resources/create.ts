import { randomBytes, randomUUID } from "node:crypto";
import { ApiError, notFound } from "../api-error";
import type { CollectionSpec } from "../collections";
import type { OperationRecord, ResponseBuilder } from "../operation-record";
import { renderResource, type ResourceEntry } from "../resource-store";
import { checkResourceId, type ApiVersion } from "../route-parse";
import type { EmulatorState } from "../state";
import { checkRequired, writableFields } from "./body";
import { lroRecord } from "./lro";

/** Where a create puts the new resource. */
export interface CreatePlace {
  readonly spec: CollectionSpec;
  /** The parent resource: a location, or a security gateway. */
  readonly parent: string;
  /** Where the operation lives. */
  readonly location: string;
  readonly version: ApiVersion;
}

/**
 * An id for a create that named none. The API makes the id optional and generates one; Google does
 * not document the form, so ours is `<kind>-<12 hex digits>`, e.g. `appconnector-3f9a0c12b4d6`.
 */
export function generatedId(spec: CollectionSpec): string {
  return `${spec.kind.toLowerCase()}-${randomBytes(6).toString("hex")}`;
}

/** A nested collection's parent must exist and be neither being created nor being deleted. */
function checkOwner(state: EmulatorState, place: CreatePlace, nowMs: number): void {
  if (place.spec.parentCollection === undefined) return;
  const owner = state.resources.get(place.parent, nowMs);
  if (owner === undefined) throw notFound("Parent resource", place.parent);
  if (owner.lifecycle === "CREATING" || owner.lifecycle === "DELETING") {
    throw new ApiError(
      "FAILED_PRECONDITION",
      `${owner.entry.spec.kind} "${place.parent}" is ${owner.lifecycle}.`,
      "RESOURCE_BUSY",
      { resource: place.parent },
    );
  }
}

/** Validate a create and, unless it is a dry run, store the resource and its create LRO. */
export function startCreate(
  state: EmulatorState,
  place: CreatePlace,
  rawId: string | undefined,
  body: unknown,
  dryRun: boolean,
  nowMs: number,
): OperationRecord {
  const { spec } = place;
  const id = rawId === undefined ? generatedId(spec) : checkResourceId(rawId, spec.idParam);
  const fields = writableFields(spec, body);
  checkRequired(spec, fields);
  checkOwner(state, place, nowMs);
  const name = `${place.parent}/${spec.collection}/${id}`;
  state.resources.checkFree(spec, name, nowMs);
  const response: ResponseBuilder = (version, doneAtMs) =>
    renderResource(entry, {
      fields: entry.fields,
      lifecycle: "READY",
      updatedAtMs: doneAtMs,
      version,
      withType: true,
      enums: "string",
    });
  const op = lroRecord(
    state,
    { location: place.location, spec, target: name, verb: "create", version: place.version, response },
    nowMs,
    dryRun,
  );
  const entry: ResourceEntry = {
    name,
    parent: place.parent,
    spec,
    fields,
    uid: randomUUID(),
    createdAtMs: nowMs,
    createOp: op,
    updates: [],
    deleteOp: undefined,
  };
  if (!dryRun) {
    state.resources.put(entry, nowMs);
    state.ops.add(op, nowMs);
  }
  return op;
}
