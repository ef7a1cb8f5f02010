import { alreadyExists } from "./api-error";
import { typeUrl, type CollectionSpec } from "./collections";
import { finishedOutcome, type OperationRecord } from "./operation-record";
import type { ApiVersion } from "./route-parse";
import { encodeResourceEnums, type EnumEncoding } from "./wire/enums";

/** An update LRO and the fields the resource has once it succeeds. */
export interface ResourceUpdate {
  readonly op: OperationRecord;
  readonly fields: Record<string, unknown>;
}

/** A resource created through a create LRO; whether it exists is derived from its operations. */
export interface ResourceEntry {
  readonly name: string;
  /** The parent resource: a location, or a security gateway for applications. */
  readonly parent: string;
  readonly spec: CollectionSpec;
  /** The fields the create asked for. */
  readonly fields: Record<string, unknown>;
  readonly uid: string;
  readonly createdAtMs: number;
  readonly createOp: OperationRecord;
  /** Update LROs in the order they were started (one runs at a time). */
  readonly updates: ResourceUpdate[];
  deleteOp: OperationRecord | undefined;
}

/** Where a resource is in its life; `READY` renders as the collection's ready state. */
export type Lifecycle = "CREATING" | "READY" | "UPDATING" | "DELETING";

/** `undefined` = does not exist (create failed/cancelled, or delete finished). */
export function lifecycleOf(entry: ResourceEntry, nowMs: number): Lifecycle | undefined {
  const created = finishedOutcome(entry.createOp, nowMs);
  if (created?.error !== undefined) return undefined;
  if (created === undefined) return "CREATING";
  if (entry.deleteOp !== undefined) {
    const deleted = finishedOutcome(entry.deleteOp, nowMs);
    if (deleted === undefined) return "DELETING";
    if (deleted.error === undefined) return undefined;
  }
  const last = entry.updates[entry.updates.length - 1];
  if (last !== undefined && finishedOutcome(last.op, nowMs) === undefined) return "UPDATING";
  return "READY";
}

/** The fields now: those of the last update that succeeded, else the create's. */
export function currentFields(entry: ResourceEntry, nowMs: number): Record<string, unknown> {
  for (let i = entry.updates.length - 1; i >= 0; i--) {
    const u = entry.updates[i] as ResourceUpdate;
    const outcome = finishedOutcome(u.op, nowMs);
    if (outcome !== undefined && outcome.error === undefined) return u.fields;
  }
  return entry.fields;
}

/** When the resource last changed: the end of its create or of its last successful update. */
export function updatedAtMs(entry: ResourceEntry, nowMs: number): number {
  let at = finishedOutcome(entry.createOp, nowMs)?.atMs ?? entry.createdAtMs;
  for (const u of entry.updates) {
    const outcome = finishedOutcome(u.op, nowMs);
    if (outcome !== undefined && outcome.error === undefined) at = Math.max(at, outcome.atMs);
  }
  return at;
}

/** What a rendering shows: fields, lifecycle, update time, version, encoding, `@type` or not. */
export interface RenderView {
  readonly fields: Record<string, unknown>;
  readonly lifecycle: Lifecycle;
  readonly updatedAtMs: number;
  readonly version: ApiVersion;
  /** Add `@type` for use inside an Operation response. */
  readonly withType: boolean;
  readonly enums: EnumEncoding;
}

/** The resource as proto3 JSON. Messages without `state` (applications) render none. */
export function renderResource(entry: ResourceEntry, view: RenderView): Record<string, unknown> {
  const { spec } = entry;
  const state =
    spec.readyState === undefined ? undefined : view.lifecycle === "READY" ? spec.readyState : view.lifecycle;
  const body: Record<string, unknown> = {
    ...(view.withType ? { "@type": typeUrl(spec.service, view.version, spec.kind) } : {}),
    name: entry.name,
    ...view.fields,
    createTime: new Date(entry.createdAtMs).toISOString(),
    updateTime: new Date(view.updatedAtMs).toISOString(),
    uid: entry.uid,
    ...(state !== undefined ? { state } : {}),
  };
  return encodeResourceEnums(spec.kind, body, view.enums);
}

/** The resource as a GET at `nowMs` shows it. */
export function renderNow(
  entry: ResourceEntry,
  lifecycle: Lifecycle,
  nowMs: number,
  version: ApiVersion,
  enums: EnumEncoding,
): Record<string, unknown> {
  return renderResource(entry, {
    fields: currentFields(entry, nowMs),
    lifecycle,
    updatedAtMs: updatedAtMs(entry, nowMs),
    version,
    withType: false,
    enums,
  });
}

/** Resources by name. */
export class ResourceStore {
  private readonly entries = new Map<string, ResourceEntry>();

  /** Store a resource whose create LRO just started; 409 if the name exists or is being created. */
  put(entry: ResourceEntry, nowMs: number): void {
    this.checkFree(entry.spec, entry.name, nowMs);
    this.entries.set(entry.name, entry);
  }

  /** 409 ALREADY_EXISTS if a resource with this name exists or is being created. */
  checkFree(spec: CollectionSpec, name: string, nowMs: number): void {
    const existing = this.entries.get(name);
    if (existing !== undefined && lifecycleOf(existing, nowMs) !== undefined)
      throw alreadyExists(spec.kind, name);
  }

  /** The entry and its lifecycle if it exists now. */
  get(name: string, nowMs: number): { entry: ResourceEntry; lifecycle: Lifecycle } | undefined {
    const entry = this.entries.get(name);
    const lifecycle = entry === undefined ? undefined : lifecycleOf(entry, nowMs);
    return entry === undefined || lifecycle === undefined ? undefined : { entry, lifecycle };
  }

  /** Resources of `spec` under `parent` that exist now, by name. */
  list(
    parent: string,
    spec: CollectionSpec,
    nowMs: number,
  ): { entry: ResourceEntry; lifecycle: Lifecycle }[] {
    const out: { entry: ResourceEntry; lifecycle: Lifecycle }[] = [];
    for (const entry of this.entries.values()) {
      if (entry.parent !== parent || entry.spec !== spec) continue;
      const lifecycle = lifecycleOf(entry, nowMs);
      if (lifecycle !== undefined) out.push({ entry, lifecycle });
    }
    return out.sort((a, b) => (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));
  }

  /** Whether any resource that exists now has `parent` as its parent (children block a delete). */
  hasChildren(parent: string, nowMs: number): boolean {
    for (const entry of this.entries.values()) {
      if (entry.parent === parent && lifecycleOf(entry, nowMs) !== undefined) return true;
    }
    return false;
  }

  clear(): void {
    this.entries.clear();
  }
}
