import { OperationsClient } from "../client/operations-client";
import { systemClock, type Clock } from "../core/clock";
import { BeyondCorpError, type ErrorCode } from "../core/errors";
import type { ConnectionOptions } from "../options/connection";
import { connectionFrom, parse } from "./args";
import { HELP } from "./help";
import { inspect } from "./inspect";
import { unrefInterval, type Repeat } from "./progress";
import { cancelOrWait, type CommandFlags } from "./wait-command";

/** Where the CLI writes: the process's streams, or a test's sinks. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  /** Progress is redrawn in place only when this is a terminal. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** What the CLI runs against besides its arguments and streams. */
export interface CliDeps {
  /** The environment the client reads (credentials, endpoint, proxies). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Aborts the command (SIGINT, SIGTERM): exit 130 after saying what was sent. */
  signal?: AbortSignal;
  /** The waiter's and the progress view's time. @default the system clock */
  clock?: Clock;
  /** The waiter's jitter draws, in [0, 1). @default Math.random */
  random?: () => number;
  /** The progress table's redraw timer (on a terminal). @default {@link unrefInterval} */
  repeat?: Repeat;
  /** Builds the client from the connection flags and the environment. @default {@link defaultClient} */
  createClient?: (options: ConnectionOptions, env: NodeJS.ProcessEnv) => OperationsClient;
}

/** The real client, reading `env` for what the flags leave unset. */
export function defaultClient(options: ConnectionOptions, env: NodeJS.ProcessEnv): OperationsClient {
  return new OperationsClient(options, { env });
}

/** Exit codes other than 1 for the project's errors: a usage error, and an interruption before any wait. */
const EXIT_BY_CODE: Readonly<Partial<Record<ErrorCode, number>>> = { ERR_INVALID_INPUT: 2, ERR_ABORTED: 130 };

/** Every command's flags (besides the common ones of args.ts). */
const COMMAND_OPTIONS = {
  wait: { type: "boolean" },
  timeout: { type: "string" },
  "on-unsupported": { type: "string" },
  pending: { type: "boolean" },
  filter: { type: "string" },
  watch: { type: "string" },
  target: { type: "string", multiple: true },
} as const;

/**
 * The CLI as a function: run `argv` (without the program name), write to `io`, and return the
 * exit code: 0 all outcomes acceptable, 1 a failing outcome or API error, 2 usage error, 130
 * interrupted.
 */
export async function run(argv: readonly string[], io: CliIO, deps: CliDeps = {}): Promise<number> {
  try {
    return await dispatch(argv, io, deps);
  } catch (err) {
    if (BeyondCorpError.is(err)) {
      io.stderr.write(`beyondcorp-ops: ${err.message}\n`);
      return EXIT_BY_CODE[err.code] ?? 1;
    }
    io.stderr.write(`beyondcorp-ops: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: CliIO, deps: CliDeps): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(`${HELP["main"]}\n`);
    return command ? 0 : 2;
  }
  if (!Object.hasOwn(HELP, command) || command === "main") {
    io.stderr.write(`beyondcorp-ops: unknown command ${JSON.stringify(command)}\n\n${HELP["main"]}\n`);
    return 2;
  }
  const { values, positionals } = parse(rest, COMMAND_OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP[command]}\n`);
    return 0;
  }
  const client = (deps.createClient ?? defaultClient)(connectionFrom(values), deps.env ?? process.env);
  try {
    if (command === "get" || command === "list")
      return await inspect(client, io, command, positionals, values);
    const ctx = {
      client,
      io,
      signal: deps.signal ?? new AbortController().signal,
      clock: deps.clock ?? systemClock,
      random: deps.random ?? Math.random,
      repeat: deps.repeat ?? unrefInterval,
    };
    return await cancelOrWait(ctx, command as "cancel" | "wait", positionals, values as CommandFlags);
  } finally {
    await client.close();
  }
}
