import {
  parseLocationName,
  parseOperationName,
  type ApiVersion,
  type LocationName,
  type OperationName,
} from "../../src/lro/names";
import type { Operation } from "../../src/lro/operation";
import type { CallContext } from "../../src/client/operations-client";
import type { ConnectionOptions } from "../../src/options/connection";
import { run, type CliDeps } from "../../src/cli/run";
import { BeyondCorpError } from "../../src/core/errors";
import { FakeClient } from "./fake-client";
import { FakeClock } from "./fake-clock";

/** The FakeClient with what the CLI also calls on its client: name and parent parsing, and close. */
export class FakeCliClient extends FakeClient {
  /** The API version names are parsed with (the client's `apiVersion`). */
  apiVersion: ApiVersion = "v1";
  /** Per operation (formatted name), the `metadata.verb` a list reports. */
  readonly verbs = new Map<string, string>();

  name(input: string): OperationName {
    return parseOperationName(input, { apiVersion: this.apiVersion });
  }

  parent(input: string): LocationName {
    return parseLocationName(input, { apiVersion: this.apiVersion });
  }

  override async listAll(
    parent: LocationName,
    ctx: CallContext & { filter?: string } = {},
  ): Promise<{ operations: Operation[]; pages: number }> {
    const r = await super.listAll(parent, ctx);
    const operations = r.operations.map((o) => {
      const verb = this.verbs.get(o.name);
      return verb === undefined ? o : { ...o, metadata: { ...o.metadata, verb } };
    });
    return { ...r, operations };
  }

  async close(): Promise<void> {
    this.calls.push("close");
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in process: `run` over a FakeCliClient on a FakeClock, its output collected. `made`
 * records what each client was built from (the connection options and the environment).
 */
export class CliHarness {
  readonly clock = new FakeClock();
  readonly client = new FakeCliClient(this.clock);
  readonly made: Array<{ options: ConnectionOptions; env: NodeJS.ProcessEnv }> = [];
  /** Whether stderr claims to be a terminal. */
  isTTY: boolean | undefined = undefined;
  /** The progress table's redraw timers (started on a terminal), each with whether it was stopped. */
  readonly timers: Array<{ ms: number; tick: () => void; stopped: boolean }> = [];

  /**
   * Run `argv`, letting the fake clock run until nothing waits on it, and collect what it printed.
   * With `interruptAfterMs`, the run's signal aborts (as SIGINT does) once that much fake time passed.
   */
  async run(
    argv: string[],
    deps: CliDeps = {},
    opts: { interruptAfterMs?: number } = {},
  ): Promise<CliResult> {
    const interrupt = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    const p = run(
      argv,
      {
        stdout: { write: (t: string) => out.push(t) },
        stderr: {
          write: (t: string) => err.push(t),
          ...(this.isTTY === undefined ? {} : { isTTY: this.isTTY }),
        },
      },
      {
        clock: this.clock,
        random: () => 0,
        repeat: (ms, tick) => {
          const timer = { ms, tick, stopped: false };
          this.timers.push(timer);
          return () => {
            timer.stopped = true;
          };
        },
        env: { HARNESS: "1" },
        signal: interrupt.signal,
        createClient: (options, env) => {
          this.made.push({ options, env });
          return this.client.asClient();
        },
        ...deps,
      },
    );
    if (opts.interruptAfterMs !== undefined) {
      await this.clock.advance(opts.interruptAfterMs);
      interrupt.abort(new BeyondCorpError({ code: "ERR_ABORTED", message: "interrupted (SIGINT)" }));
    }
    await this.clock.runAll();
    return { code: await p, stdout: out.join(""), stderr: err.join("") };
  }
}
