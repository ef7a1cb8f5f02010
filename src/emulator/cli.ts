#!/usr/bin/env node
import { parseCliArgs, USAGE, type CliArgs } from "./cli-args";
import { startEmulator } from "./index";

async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    process.stderr.write(`beyondcorp-emulator: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const emulator = await startEmulator({
    port: args.port,
    host: args.host,
    auth: args.auth,
    latencyMs: args.latencyMs,
  });
  process.stdout.write(`BEYONDCORP_EMULATOR=${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`beyondcorp-emulator: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
