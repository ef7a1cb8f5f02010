import { parseOperationName, type OperationName } from "../../src/lro/names";
import type { Operation } from "../../src/lro/operation";
import type { LocationName } from "../../src/lro/names";
import { resolveWaitOptions, type WaitOptions } from "../../src/options/wait";
import { DEFAULT_CADENCE } from "../../src/wait/cadence";
import { groupsOf, type Group } from "../../src/wait/group";
import { Ledger } from "../../src/wait/ledger";
import { Limiter } from "../../src/wait/limiter";
import type { ProgressEvent } from "../../src/wait/progress";
import type { RoundContext } from "../../src/wait/round";
import type { CallContext } from "../../src/client/operations-client";
import { FakeClient } from "./fake-client";
import { FakeClock } from "./fake-clock";

/**
 * A FakeClient whose next calls can throw anything (an error of another type, an API error with a
 * code the fake does not make) before the fake answers: one entry per call, `undefined` to let it
 * answer.
 */
export class ScriptedClient extends FakeClient {
  readonly listThrows: unknown[] = [];
  readonly getThrows = new Map<string, unknown[]>();
  readonly cancelThrows = new Map<string, unknown[]>();

  private static next(queue: unknown[] | undefined): void {
    if (queue === undefined || queue.length === 0) return;
    const e = queue.shift();
    if (e !== undefined) throw e;
  }

  override async listAll(parent: LocationName, ctx: CallContext & { filter?: string } = {}) {
    if (this.listThrows.length > 0) {
      this.calls.push(`list! ${ctx.filter ?? ""}`);
      ScriptedClient.next(this.listThrows);
    }
    return super.listAll(parent, ctx);
  }

  override async get(n: OperationName, ctx: CallContext = {}): Promise<Operation> {
    const q = this.getThrows.get(n.operation);
    if (q?.length) {
      this.calls.push(`get! ${n.operation}`);
      ScriptedClient.next(q);
    }
    return super.get(n, ctx);
  }

  override async cancel(n: OperationName, ctx: CallContext = {}): Promise<void> {
    const q = this.cancelThrows.get(n.operation);
    if (q?.length) {
      this.calls.push(`cancel! ${n.operation}`);
      ScriptedClient.next(q);
    }
    return super.cancel(n, ctx);
  }
}

/**
 * One poller's world, built by hand as the waiter builds it: a ledger over `names`, their groups,
 * and a deadline that is only a number (`deadlineAt`; the signal never aborts unless `abort` is
 * called), so a test can reach what happens when the time left runs out between two polls.
 */
export function roundWorld(names: readonly string[], options: WaitOptions = {}, timeLeftMs = 20 * 60_000) {
  const clock = new FakeClock(0);
  const client = new ScriptedClient(clock);
  const events: ProgressEvent[] = [];
  const emit = (e: ProgressEvent) => void events.push(e);
  const settings = resolveWaitOptions(options);
  const ledger = new Ledger(
    names.map((n) => parseOperationName(n)),
    clock,
    emit,
  );
  const stop = new AbortController();
  const r: RoundContext = {
    client: client.asClient(),
    ledger,
    settings,
    clock,
    signal: stop.signal,
    deadlineAt: clock.now() + timeLeftMs,
    emit,
    listMeter: { requests: 0 },
    limiter: new Limiter(settings.concurrency),
    policy: { poll: settings.poll, ...DEFAULT_CADENCE },
    random: () => 0,
  };
  const groups: Group[] = groupsOf(ledger.all, settings.batchByParent);
  return { clock, client, events, r, ledger, groups, abort: (e: unknown) => stop.abort(e) };
}
