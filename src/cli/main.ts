#!/usr/bin/env node
import { interruptOn } from "./interrupt";
import { run } from "./run";

// The thin shell: the process's arguments, streams, environment and signals, wired to `run`.
const interrupt = interruptOn(process);
run(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr },
  { env: process.env, signal: interrupt.signal },
)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`beyondcorp-ops: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  )
  .finally(() => interrupt.dispose());
