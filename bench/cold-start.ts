/**
 * Cold start: `pulumi destroy` of a stack whose guard tracks one already-finished operation,
 * against the same-sized stack holding the smallest dynamic resource there is. Both programs are
 * plain JavaScript (bench/cold-start/*), run by the real pulumi CLI on a local file backend, each
 * copied into a project that has the package installed from its packed tarball, as users have it.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Emulator } from "../src/emulator";
import { TestStack } from "../test/helpers/pulumi";
import { userProject } from "../scripts/installed-package";

export interface ColdStartResult {
  trials: number;
  /** Wall time of each `pulumi destroy`, in trial order. */
  guardMs: number[];
  trivialMs: number[];
  /** Wall time of the `pulumi up` before each destroy, for context. */
  guardUpMs: number[];
  trivialUpMs: number[];
}

const PROGRAMS = path.resolve(__dirname, "../../bench/cold-start");
const OPERATION = "projects/bench-cold/locations/global/operations/finished";

async function timed(stack: TestStack, args: string[]): Promise<number> {
  const started = performance.now();
  const r = await stack.run(args);
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} in ${stack.cwd} failed (${r.code}):\n${r.out}`);
  return performance.now() - started;
}

/** A copy of bench/cold-start/<name> in a project with the packed package installed. */
const project = (name: string) =>
  userProject(
    `cold-start-${name}`,
    Object.fromEntries(
      readdirSync(path.join(PROGRAMS, name)).map((f) => [
        f,
        readFileSync(path.join(PROGRAMS, name, f), "utf8"),
      ]),
    ),
  );

/** Alternates the two stacks trial by trial so that drift on a noisy machine hits both alike. */
export async function coldStart(emu: Emulator, trials: number): Promise<ColdStartResult> {
  const guard = new TestStack("bench", project("guard"));
  const trivial = new TestStack("bench", project("trivial"));
  const r: ColdStartResult = { trials, guardMs: [], trivialMs: [], guardUpMs: [], trivialUpMs: [] };
  try {
    guard.config("endpoint", emu.url);
    guard.config("operation", OPERATION);
    guard.config("accessToken", "ya29.bench-cold-start", true);
    emu.seed({ name: OPERATION, service: "appconnectors", doneAfterMs: 0 });
    for (let i = 0; i < trials; i++) {
      r.guardUpMs.push(await timed(guard, ["up", "--skip-preview"]));
      r.guardMs.push(await timed(guard, ["destroy", "--skip-preview"]));
      r.trivialUpMs.push(await timed(trivial, ["up", "--skip-preview"]));
      r.trivialMs.push(await timed(trivial, ["destroy", "--skip-preview"]));
      process.stderr.write(
        `[bench] cold start ${i + 1}/${trials}: destroy guard ${r.guardMs.at(-1)!.toFixed(0)} ms, trivial ${r.trivialMs.at(-1)!.toFixed(0)} ms\n`,
      );
    }
  } finally {
    guard.dispose();
    trivial.dispose();
  }
  return r;
}
