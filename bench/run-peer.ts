/** Child process: run one peer against the emulator and report its own CPU time and peak RSS. */
import * as peers from "./peers";

const [, , peerName, url, namesJson] = process.argv;
const peer = (peers as unknown as Record<string, peers.Peer>)[peerName ?? ""];
if (!peer || !url || !namesJson) throw new Error("usage: run-peer PEER URL NAMES_JSON");
const started = Date.now();
peer(url, JSON.parse(namesJson) as string[]).then(
  () => {
    const cpu = process.cpuUsage();
    const ru = process.resourceUsage();
    process.stdout.write(
      "\n" +
        JSON.stringify({
          wallMs: Date.now() - started,
          cpuMs: (cpu.user + cpu.system) / 1000,
          maxRssMb: ru.maxRSS / 1024,
        }),
    );
  },
  (err: unknown) => {
    process.stderr.write(`${peerName}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
