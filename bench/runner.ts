/** One client run as its own process against the emulator, and what the server saw of it. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { Emulator } from "../src/emulator";

export function runPeer(
  peer: string,
  url: string,
  names: string[],
): Promise<{ wallMs: number; cpuMs: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, "run-peer.js"), peer, url, JSON.stringify(names)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.on("close", (code) =>
      // The report is the last line: the provider peer prints its progress lines before it.
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1) ?? ""))
        : reject(new Error(`${peer} failed (${code})`)),
    );
  });
}

/** Detection lag per operation: first request that saw it done, minus when it became done. */
export function measure(emu: Emulator, names: string[]): { lags: number[]; requests: number } {
  const log = emu.requests();
  const ops = new Map(emu.operations().map((o) => [o.name, o]));
  const lags = names.map((n) => {
    const done = ops.get(n)?.doneAtMs;
    const seen = log.find((e) => e.doneObserved.includes(n));
    return done !== null && done !== undefined && seen ? Math.max(0, seen.timeMs - done) : NaN;
  });
  return { lags, requests: log.length };
}
