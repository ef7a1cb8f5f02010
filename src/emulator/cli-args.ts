import { ALLOWED_HOSTS, type EmulatorHost } from "./index";

/** Parsed command line of `beyondcorp-emulator`. */
export interface CliArgs {
  /** @default 0 */
  port: number;
  /** @default "127.0.0.1" */
  host: EmulatorHost;
  /** @default false */
  auth: boolean;
  /** @default 0 */
  latencyMs: number;
  /** @default false */
  help: boolean;
}

export const USAGE = `Usage: beyondcorp-emulator [options]

A local emulator of the Google Cloud BeyondCorp REST API (operations, connectors, gateways).

Options:
  --port N          TCP port; 0 picks a free one (default 0)
  --host H          127.0.0.1, ::1 or localhost (default 127.0.0.1)
  --auth            require bearer tokens issued by the emulator's token endpoints
  --latency-ms N    add N ms to every API request (default 0)
  --help            show this help

When ready, prints one line: BEYONDCORP_EMULATOR=http://127.0.0.1:<port>
`;

function intArg(flag: string, value: string | undefined, max: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) > max) {
    throw new Error(`${flag} needs an integer between 0 and ${max}`);
  }
  return Number(value);
}

/** Parse argv (without node and script); throws with a message fit for stderr. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { port: 0, host: "127.0.0.1", auth: false, latencyMs: 0, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? "";
    const eq = raw.indexOf("=");
    const flag = raw.startsWith("--") && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith("--") && eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--port":
        args.port = intArg(flag, value(), 65535);
        break;
      case "--host": {
        const host = value();
        if (!(ALLOWED_HOSTS as readonly (string | undefined)[]).includes(host)) {
          throw new Error(`--host must be one of ${ALLOWED_HOSTS.join(", ")}`);
        }
        args.host = host as EmulatorHost;
        break;
      }
      case "--auth":
        args.auth = true;
        break;
      case "--latency-ms":
        args.latencyMs = intArg(flag, value(), 600_000);
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(raw)}`);
    }
  }
  return args;
}
