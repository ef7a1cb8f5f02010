import { after, before } from "node:test";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator";
import { OperationsClient } from "../../src/client/operations-client";
import type { ConnectionOptions } from "../../src/options/connection";
import { cancelAndWait } from "../../src/wait/waiter";
import { within } from "./bounded";

/**
 * An emulator on a real socket and a client of it with no credentials and no environment, started
 * before the enclosing suite's tests and closed after them. Read `emu` and `client` inside tests.
 */
export function emulatorAndClient(
  clientOptions: Omit<ConnectionOptions, "endpoint" | "noAuth"> = {},
  emulatorOptions: EmulatorOptions = {},
): {
  readonly emu: Emulator;
  readonly client: OperationsClient;
  /** cancelAndWait over `names` with this client, failing the test as `what` if it runs past `ms`. */
  wait(
    names: string[],
    options: Parameters<typeof cancelAndWait>[2],
    ms: number,
    what: string,
  ): ReturnType<typeof cancelAndWait>;
} {
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
    wait(names, options, ms, what) {
      const c = started(client);
      return within(
        ms,
        (signal) =>
          cancelAndWait(
            c,
            names.map((n) => c.name(n)),
            options,
            { signal },
          ),
        what,
      );
    },
  };
}
