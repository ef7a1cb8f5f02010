import { BeyondCorpError } from "../../src/core/errors";
import {
  formatLocation,
  formatOperation,
  parseOperationName,
  type LocationName,
  type OperationName,
} from "../../src/lro/names";
import type { Operation } from "../../src/lro/operation";
import type { CallContext, OperationsClient } from "../../src/client/operations-client";
import type { FakeClock } from "./fake-clock";
import type { RpcStatusName } from "../../src/core/rpc-codes";
import { RPC_CODES } from "../../src/core/rpc-codes";

export interface FakeOp {
  doneAt?: number;
  result?: { error?: { code: number; message: string }; response?: boolean };
  onCancel?: "cancel" | "complete" | "fail" | "unimplemented" | "ignore";
  cancelDelayMs?: number;
  goneAt?: number;
  cancelError?: RpcStatusName;
  getError?: RpcStatusName;
  /** This many gets answer with a bad reply (ERR_BAD_RESPONSE, as a malformed body does). */
  badGets?: number;
  /** The operation's `metadata.target` (a watch matches on it). */
  target?: string;
}

/** An in-memory stand-in for OperationsClient, driven by a FakeClock (unit tests only). */
export class FakeClient {
  readonly ops = new Map<string, FakeOp>();
  readonly calls: string[] = [];
  /** The filter of each list call, in order ("" for none). */
  readonly listFilters: string[] = [];
  /** Lists with a filter answer INVALID_ARGUMENT (a server without filter support). */
  refuseFilters = false;
  /** Errors for the next list calls, one per call, in order. */
  readonly listErrors: RpcStatusName[] = [];
  /** Pages an unfiltered list takes (a parent with a long history). */
  plainPages = 1;
  /** Lists of these parents (formatted location names) take this long, on the fake clock. */
  readonly slowLists = new Map<string, number>();
  /**
   * Every request waits this long on the fake clock before the server looks at its operations, as
   * the emulator's `latencyMs` does (the benchmark's scale scenario).
   */
  latencyMs = 0;
  /**
   * Per operation, when the first request whose answer said it was done arrived: the benchmark's
   * detection lag is that minus `doneAt`.
   */
  readonly firstSeenDone = new Map<string, number>();

  constructor(private readonly clock: FakeClock) {}

  add(name: string, op: FakeOp): OperationName {
    const n = parseOperationName(name);
    this.ops.set(formatOperation(n), op);
    return n;
  }

  asClient(): OperationsClient {
    return this as unknown as OperationsClient;
  }

  private view(name: string, op: FakeOp): Operation | undefined {
    const now = this.clock.now();
    if (op.goneAt !== undefined && now >= op.goneAt) return undefined;
    const metadata = op.target === undefined ? {} : { metadata: { target: op.target } };
    if (op.doneAt !== undefined && now >= op.doneAt) {
      const r = op.result ?? { response: true };
      return { name, done: true, hasResponse: !r.error, ...(r.error ? { error: r.error } : {}), ...metadata };
    }
    return { name, done: false, hasResponse: false, ...metadata };
  }

  /** An answer is about to say `v`: the first one that says it is done is remembered. */
  private answer(v: Operation, arrivedAt: number): Operation {
    if (v.done && !this.firstSeenDone.has(v.name)) this.firstSeenDone.set(v.name, arrivedAt);
    return v;
  }

  /** A request arrives now; the server handles it `latencyMs` later. Returns its arrival time. */
  private async arrive(signal?: AbortSignal): Promise<number> {
    const at = this.clock.now();
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs, signal);
    return at;
  }

  private err(status: RpcStatusName, path: string) {
    return new BeyondCorpError({
      code: "ERR_API",
      status,
      httpStatus: RPC_CODES[status].http,
      message: status,
      path,
    });
  }

  async get(n: OperationName, ctx: CallContext = {}): Promise<Operation> {
    const name = formatOperation(n);
    this.calls.push(`get ${name}`);
    if (ctx.meter) ctx.meter.requests++;
    const arrivedAt = await this.arrive(ctx.signal);
    const op = this.ops.get(name);
    if (op?.getError) throw this.err(op.getError, name);
    if (op?.badGets) {
      op.badGets--;
      throw new BeyondCorpError({ code: "ERR_BAD_RESPONSE", message: "malformed JSON", path: name });
    }
    const v = op && this.view(name, op);
    if (!v) throw this.err("NOT_FOUND", name);
    return this.answer(v, arrivedAt);
  }

  async cancel(n: OperationName, ctx: CallContext = {}): Promise<void> {
    const name = formatOperation(n);
    this.calls.push(`cancel ${name}`);
    if (ctx.meter) ctx.meter.requests++;
    await this.arrive(ctx.signal);
    const op = this.ops.get(name);
    if (!op || !this.view(name, op)) throw this.err("NOT_FOUND", name);
    if (op.cancelError) throw this.err(op.cancelError, name);
    const mode = op.onCancel ?? "cancel";
    if (mode === "unimplemented") throw this.err("UNIMPLEMENTED", name);
    if (mode === "ignore" || (op.doneAt !== undefined && op.doneAt <= this.clock.now())) return;
    op.doneAt = Math.min(op.doneAt ?? Infinity, this.clock.now() + (op.cancelDelayMs ?? 0));
    op.result =
      mode === "cancel"
        ? { error: { code: 1, message: "cancelled" } }
        : mode === "complete"
          ? { response: true }
          : { error: { code: 13, message: "internal" } };
  }

  async listAll(
    parent: LocationName,
    ctx: CallContext & { filter?: string } = {},
  ): Promise<{ operations: Operation[]; pages: number }> {
    const prefix = `${formatLocation(parent)}/operations/`;
    this.calls.push(`list ${formatLocation(parent)}`);
    this.listFilters.push(ctx.filter ?? "");
    if (ctx.meter) ctx.meter.requests++;
    const arrivedAt = await this.arrive(ctx.signal);
    const slow = this.slowLists.get(formatLocation(parent));
    if (slow !== undefined) await this.clock.sleep(slow, ctx.signal);
    const failure = this.listErrors.shift();
    if (failure) throw this.err(failure, prefix);
    if (ctx.filter && this.refuseFilters) throw this.err("INVALID_ARGUMENT", prefix);
    // The two filters the waiter sends: `done=false`, and `name="…" OR name="…"`.
    const names = ctx.filter ? [...ctx.filter.matchAll(/name="([^"]+)"/g)].map((m) => m[1]!) : [];
    const operations: Operation[] = [];
    for (const [name, op] of this.ops) {
      if (!name.startsWith(prefix)) continue;
      const v = this.view(name, op);
      if (!v) continue;
      if (ctx.filter === "done=false" && v.done) continue;
      if (names.length > 0 && !names.includes(name)) continue;
      operations.push(this.answer(v, arrivedAt));
    }
    const pages = ctx.filter ? 1 : this.plainPages;
    if (ctx.meter) ctx.meter.requests += pages - 1;
    return { operations, pages };
  }
}
