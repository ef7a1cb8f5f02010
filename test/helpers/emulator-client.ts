import { after, before } from "node:test";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator";
import { OperationsClient } from "../../src/client/operations-client";
import type { ConnectionOptions } from "../../src/options/connection";

/**
 * An emulator on a real socket and a client of it with no credentials and no environment, started
 * before the enclosing suite's tests and closed after them. Read `emu` and `client` inside tests.
 */
export function emulatorAndClient(
  clientOptions: Omit<ConnectionOptions, "endpoint" | "noAuth"> = {},
  emulatorOptions: EmulatorOptions = {},
): { readonly emu: Emulator; readonly client: OperationsClient } {
  let emu: Emulator | undefined;
  let client: OperationsClient | undefined;
  before(async () => {
    emu = await startEmulator(emulatorOptions);
    client = new OperationsClient(
      { ...clientOptions, endpoint: emu.url, noAuth: true },
      { env: {} as NodeJS.ProcessEnv },
    );
  });
  after(async () => {
    await client?.close();
    await emu?.close();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error("emulatorAndClient: read emu and client inside tests");
    return x;
  };
  return {
    get emu() {
      return started(emu);
    },
    get client() {
      return started(client);
    },
  };
}
