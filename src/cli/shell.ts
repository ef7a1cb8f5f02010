import { interruptOn, type SignalSource } from "./interrupt";
import { run } from "./run";

/** What the CLI takes from its process: arguments, streams, environment, signals and the exit code. */
export interface CliProcess extends SignalSource {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  exitCode?: number | string | null | undefined;
}

/**
 * The CLI as its process sees it: `run` over the process's arguments (after the program name),
 * streams and environment, interrupted by SIGINT or SIGTERM, its result the exit code.
 */
export async function runAsProcess(proc: CliProcess): Promise<void> {
  const interrupt = interruptOn(proc);
  try {
    proc.exitCode = await run(
      proc.argv.slice(2),
      { stdout: proc.stdout, stderr: proc.stderr },
      { env: proc.env, signal: interrupt.signal },
    );
  } finally {
    interrupt.dispose();
  }
}
