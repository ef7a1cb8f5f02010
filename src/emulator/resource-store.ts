import { randomUUID } from "node:crypto";
import { alreadyExists } from "./api-error";
import { typeUrl, type CollectionSpec } from "./collections";
import { finishedOutcome, type OperationRecord } from "./operation-record";
import type { ApiVersion } from "./route-parse";

/** A resource created through a create LRO; whether it exists is derived from its operations. */
export interface ResourceEntry {
  readonly name: string;
  readonly parent: string;
  readonly spec: CollectionSpec;
  readonly fields: Record<string, unknown>;
  readonly uid: string;
  readonly createdAtMs: number;
  readonly createOp: OperationRecord;
  deleteOp: OperationRecord | undefined;
}

/** `undefined` = does not exist (create failed/cancelled, or delete finished). */
export function resourceState(entry: ResourceEntry, nowMs: number): string | undefined {
  const created = finishedOutcome(entry.createOp, nowMs);
  if (created?.error !== undefined) return undefined;
  if (created === undefined) return "CREATING";
  if (entry.deleteOp !== undefined) {
    const deleted = finishedOutcome(entry.deleteOp, nowMs);
    if (deleted === undefined) return "DELETING";
    if (deleted.error === undefined) return undefined;
  }
  return entry.spec.readyState;
}

/** The resource as proto3 JSON; `withType` adds `@type` for use inside an Operation response. */
export function renderResource(
  entry: ResourceEntry,
  state: string,
  updatedAtMs: number,
  version: ApiVersion,
  withType: boolean,
): Record<string, unknown> {
  return {
    ...(withType ? { "@type": typeUrl(entry.spec.service, version, entry.spec.kind) } : {}),
    name: entry.name,
    ...entry.fields,
    createTime: new Date(entry.createdAtMs).toISOString(),
    updateTime: new Date(updatedAtMs).toISOString(),
    uid: entry.uid,
    state,
  };
}

/** Resources by name. */
export class ResourceStore {
  private readonly entries = new Map<string, ResourceEntry>();

  /** Register a resource being created; conflicts with one that exists or is being created. */
  add(
    init: Omit<ResourceEntry, "uid" | "deleteOp" | "createOp">,
    createOp: (entry: () => ResourceEntry) => OperationRecord,
    nowMs: number,
  ): ResourceEntry {
    const existing = this.entries.get(init.name);
    if (existing !== undefined && resourceState(existing, nowMs) !== undefined) {
      throw alreadyExists(init.spec.kind, init.name);
    }
    // The operation's response builder reads the entry later, when the operation is rendered.
    const op = createOp(() => entry);
    const entry: ResourceEntry = { ...init, uid: randomUUID(), createOp: op, deleteOp: undefined };
    this.entries.set(init.name, entry);
    return entry;
  }

  /** The entry and its state if it exists now. */
  get(name: string, nowMs: number): { entry: ResourceEntry; state: string } | undefined {
    const entry = this.entries.get(name);
    const state = entry === undefined ? undefined : resourceState(entry, nowMs);
    return entry === undefined || state === undefined ? undefined : { entry, state };
  }

  list(parent: string, spec: CollectionSpec, nowMs: number): { entry: ResourceEntry; state: string }[] {
    const out: { entry: ResourceEntry; state: string }[] = [];
    for (const entry of this.entries.values()) {
      if (entry.parent !== parent || entry.spec !== spec) continue;
      const state = resourceState(entry, nowMs);
      if (state !== undefined) out.push({ entry, state });
    }
    return out.sort((a, b) => (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));
  }

  clear(): void {
    this.entries.clear();
  }
}
