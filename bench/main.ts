/**
 * `npm run bench [-- --quick | --only ID,… | --model [POLICY_JSON …]]`: put the same scenarios through each client, side by side in one
 * run, and measure at the server (the emulator's request log), not from the clients' own reports.
 * Only a full run writes the committed report (BENCHMARKS.md, bench/results.json, bench/chart.svg);
 * `--quick` and `--smoke` write to a fresh temporary folder (or `--out DIR` / BENCH_OUT), so the
 * published figures are never replaced by quick-run ones.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../src/emulator";
import { coldStart, type ColdStartResult } from "./cold-start";
import { measurePlugins, type PluginsResult } from "./plugins";

/** Startup trials per plugin form. */
const PLUGIN_TRIALS = 15;
import { gcloudCreate } from "./peers";
import { runMeta } from "./meta";
import { renderReport } from "./report";
import { measure, runPeer } from "./runner";
import type { ClientResult, Scenario } from "./results";
import { runModel } from "./model";
import { parseBenchFlags, USAGE, type BenchFlags } from "./flags";
import { seedShape, SHARED_IDS, sharedShapes, singleShape } from "./shapes";

function refuse(why: string): never {
  process.stderr.write(`bench: ${why}\n${USAGE}\n`);
  process.exit(2);
}

function flagsOrRefuse(): BenchFlags {
  try {
    return parseBenchFlags(process.argv.slice(2));
  } catch (err) {
    return refuse((err as Error).message);
  }
}
const flags = flagsOrRefuse();
const { smoke, quick, only } = flags;
const want = (id: string): boolean => only === undefined || only.has(id);
const ROOT = path.resolve(__dirname, "../..");
const OUT =
  flags.out ??
  process.env["BENCH_OUT"] ??
  (quick || only ? mkdtempSync(path.join(os.tmpdir(), "bcops-bench-")) : ROOT);
mkdirSync(path.join(OUT, "bench"), { recursive: true });

async function scenario(
  emu: Emulator,
  s: {
    id: string;
    title: string;
    peers: string[];
    seed: (prefix: string) => string[];
    latencyMs?: number;
    faults?: boolean;
    slowestMs?: number;
    /** At least 10 operations share a parent: the stricter targets apply. */
    shared?: boolean;
  },
): Promise<Scenario | undefined> {
  if (!want(s.id)) return undefined;
  const results: ClientResult[] = [];
  for (const peer of s.peers) {
    emu.reset();
    emu.configure({ latencyMs: s.latencyMs ?? 0 });
    const names = s.seed(peer.toLowerCase().replace(/[^a-z]/g, ""));
    if (s.faults) {
      emu.addFault({
        route: "any",
        probability: 0.05,
        seed: 7,
        fault: { type: "status", status: 503, retryAfter: "1" },
      });
      emu.addFault({ route: "any", probability: 0.05, seed: 11, fault: { type: "reset" } });
    }
    process.stderr.write(`[bench] ${s.id}: ${peer} on ${names.length} operation(s)\n`);
    const proc = await runPeer(peer, emu.url, names);
    const { lags, requests } = measure(emu, names);
    results.push({ client: peer, ops: names.length, lagsMs: lags, requests, ...proc });
  }
  return {
    id: s.id,
    title: s.title,
    results,
    ...(s.slowestMs !== undefined ? { slowestMs: s.slowestMs } : {}),
    ...(s.shared !== undefined ? { shared: s.shared } : {}),
  };
}

/**
 * gcloud cannot cancel, so it waits on its own LROs that finish at known times; our clients and
 * gax then stop operations whose cancel takes effect at the same times, in the same table.
 */
async function gcloudScenario(emu: Emulator): Promise<Scenario | undefined> {
  if (!want("gcloud") || spawnSync("gcloud", ["version"], { stdio: "ignore" }).status !== 0) return undefined;
  emu.reset();
  emu.configure({ latencyMs: 0 });
  const times = quick ? [2_000, 6_000] : [1_000, 4_000, 15_000, 40_000];
  const runs: Promise<void>[] = [];
  for (const [i, t] of times.entries()) {
    emu.configure({ lroDoneAfterMs: t });
    const before = emu.operations().length;
    runs.push(gcloudCreate(emu.url, "bench-project", `conn-${i}`));
    while (emu.operations().length === before) await new Promise((r) => setTimeout(r, 50));
  }
  const started = Date.now();
  await Promise.all(runs);
  const names = emu.operations().map((o) => o.name);
  const { lags, requests } = measure(emu, names);
  const gcloud: ClientResult = {
    client: "gcloud",
    ops: names.length,
    lagsMs: lags,
    requests,
    wallMs: Date.now() - started,
    cpuMs: NaN,
    maxRssMb: NaN,
  };
  const same = await scenario(emu, {
    id: "gcloud",
    title: "",
    peers: ["oursLibrary", "oursCli", "gax"],
    seed: (prefix) =>
      times.map((t, i) => {
        const name = `projects/${prefix}-times/locations/us-central1/operations/op-${i}`;
        emu.seed({ name, service: "appconnectors", cancelDelayMs: t });
        return name;
      }),
  });
  if (!same) return undefined;
  return {
    id: "gcloud",
    title:
      "Same finish times: gcloud 528 waits on its own LROs (it cannot cancel), done after " +
      times.map((t) => `${t / 1000} s`).join(", ") +
      "; the other clients cancel operations whose cancel takes effect after the same times",
    results: [...same.results, gcloud],
  };
}

/**
 * How operations share parents: one parent of 100 (batch), 10 parents of 100 at 20 ms latency
 * (scale), many small parents (few), one parent with a long history of finished operations
 * (history), a mix of parent sizes and operation lengths (mixed).
 */
async function sharingScenarios(emu: Emulator): Promise<(Scenario | undefined)[]> {
  const shapes = sharedShapes(smoke ? "smoke" : quick ? "quick" : "full");
  const out: (Scenario | undefined)[] = [];
  for (const id of SHARED_IDS) {
    const shape = shapes[id];
    out.push(
      await scenario(emu, {
        id,
        title: shape.title,
        peers: ["oursLibrary", "oursProvider", "gax"],
        latencyMs: shape.latencyMs,
        shared: shape.shared,
        ...(id === "scale" ? { slowestMs: Math.max(...shape.parents.flat()) } : {}),
        seed: (prefix) => seedShape(emu, id, shape, prefix),
      }),
    );
  }
  return out;
}

/** `--render`: rebuild BENCHMARKS.md and the chart from bench/results.json without measuring. */
function renderOnly(plugins?: PluginsResult): void {
  const saved = JSON.parse(readFileSync(path.join(OUT, "bench", "results.json"), "utf8")) as {
    meta: Parameters<typeof renderReport>[0];
    scenarios: Scenario[];
    coldStart?: ColdStartResult;
    plugins?: PluginsResult;
  };
  // JSON has no NaN: missing figures come back as null.
  for (const sc of saved.scenarios)
    for (const r of sc.results) {
      r.lagsMs = r.lagsMs.map((x) => (x === null ? NaN : x));
      r.cpuMs ??= NaN;
      r.maxRssMb ??= NaN;
    }
  write(renderReport(saved.meta, saved.scenarios, saved.coldStart, plugins ?? saved.plugins));
}

function write({ markdown, svg, json }: ReturnType<typeof renderReport>): void {
  writeFileSync(path.join(OUT, "BENCHMARKS.md"), markdown);
  writeFileSync(path.join(OUT, "bench", "chart.svg"), svg);
  writeFileSync(path.join(OUT, "bench", "results.json"), json);
  process.stderr.write(`[bench] wrote ${path.join(OUT, "BENCHMARKS.md")}\n`);
}

async function main(): Promise<void> {
  if (flags.render) return renderOnly();
  if (flags.plugins) return renderOnly(await measurePlugins(PLUGIN_TRIALS));
  if (flags.model) {
    try {
      return await runModel(ROOT, flags.overrides);
    } catch (err) {
      return refuse((err as Error).message);
    }
  }
  const emu = await startEmulator();
  const PEERS = smoke
    ? ["oursLibrary", "oursCli", "oursProvider", "gax"]
    : ["oursLibrary", "oursCli", "oursProvider", "gax", "terraformSimulated"];
  const singles = singleShape(smoke ? "smoke" : quick ? "quick" : "full");
  const single = (prefix: string) => seedShape(emu, "single", singles, prefix);
  const scenarios: (Scenario | undefined)[] = [];
  scenarios.push(
    await scenario(emu, {
      id: "single",
      title: singles.title,
      peers: PEERS,
      seed: single,
    }),
  );
  scenarios.push(...(await sharingScenarios(emu)));
  scenarios.push(
    await scenario(emu, {
      id: "faults",
      title:
        "Faults: the single mix with 10% of requests failing (5% 503 + Retry-After: 1, 5% connection reset)",
      peers: ["oursLibrary"],
      seed: single,
      faults: true,
    }),
  );
  if (!smoke) scenarios.push(await gcloudScenario(emu));
  emu.reset();
  emu.configure({ latencyMs: 0 });
  const cold = want("cold-start") ? await coldStart(emu, smoke ? 1 : quick ? 3 : 7) : undefined;
  await emu.close();
  // Needs the release (built and cached on first use): not in --smoke, which `npm test` runs.
  const plugins = !smoke && want("plugins") ? await measurePlugins(quick ? 3 : PLUGIN_TRIALS) : undefined;
  const meta = runMeta(ROOT, quick);
  write(
    renderReport(
      meta,
      scenarios.filter((x) => x !== undefined),
      cold,
      plugins,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
