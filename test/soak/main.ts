/**
 * `npm run soak [-- --quick]`: the reliability runs at full size, and docs/RELIABILITY.md from
 * their figures. `npm test` runs the same functions at smaller counts (test/integration/*,
 * test/e2e/crash-pulumi.test.ts) and asserts the same things; this run writes them down.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { renderCrash, runCliCrashTrials, type CrashResult } from "../reliability/crash-cli";
import { renderPulumiCrash, runPulumiCrashTrials, type PulumiCrashResult } from "../reliability/crash-pulumi";
import { renderFaultMatrix, runFaultMatrix, type MatrixResult } from "../reliability/fault-matrix";
import { renderSecrets, runSecretGreps, type SecretGrepResult } from "../reliability/secrets";
import { renderSoak, runSoak, type SoakResult } from "../reliability/soak";

const quick = process.argv.includes("--quick");
const ROOT = path.resolve(__dirname, "../../..");
const OUT = process.env["RELIABILITY_OUT"] ?? path.join(ROOT, "docs", "RELIABILITY.md");

/** Sizes: the full run, and `--quick` for trying the orchestrator itself. */
const SIZES = quick
  ? {
      matrixRepeats: 1,
      soaks: [{ operations: 200, faultRate: 0.1, seed: 2026 }],
      cliTrials: 3,
      pulumiTrials: 2,
    }
  : {
      matrixRepeats: 5,
      soaks: [
        { operations: 1000, faultRate: 0.1, seed: 2026 },
        { operations: 1000, faultRate: 0.1, seed: 7 },
        { operations: 1000, faultRate: 0.3, seed: 99 },
      ],
      cliTrials: 10,
      pulumiTrials: 10,
    };

function step(what: string): void {
  process.stderr.write(`[soak] ${what}\n`);
}

async function timedStep<T>(what: string, run: () => Promise<T>): Promise<T> {
  step(`${what}…`);
  const t0 = performance.now();
  const r = await run();
  step(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

interface Results {
  matrix: MatrixResult;
  soaks: SoakResult[];
  cli: CrashResult;
  pulumi: PulumiCrashResult | undefined;
  secrets: SecretGrepResult;
}

function summary(r: Results): string[] {
  const soakLost = r.soaks.reduce((n, s) => n + s.lost + s.duplicated + s.wrongOutcome, 0);
  const crashFailed =
    r.cli.trials.length - r.cli.passed + (r.pulumi ? r.pulumi.trials.length - r.pulumi.passed : 0);
  const secretLeak = r.secrets.secretsFound + r.matrix.decoyHits.filter((h) => h.secrets).length;
  const rows: Array<[string, string, string]> = [
    [
      "Fault matrix (16 faults × 5 calls)",
      `${r.matrix.totals.pairs} pairs, ${r.matrix.totals.runs} runs`,
      `${r.matrix.totals.matched} matched their written expectation, ${r.matrix.totals.mismatched} did not`,
    ],
    ...r.soaks.map((s): [string, string, string] => [
      `Soak, ${s.operations} operations at ${Math.round(s.faultRate * 100)}% faults (seed ${s.seed})`,
      `${s.faultsInjected} faults injected, ${s.requests} requests`,
      `${s.lost} lost, ${s.duplicated} duplicated, ${s.wrongOutcome} wrong outcome`,
    ]),
    [
      "CLI crash and resume",
      `${r.cli.trials.length} SIGKILLs × ${r.cli.operations} operations`,
      `${r.cli.passed} of ${r.cli.trials.length} trials passed`,
    ],
    r.pulumi
      ? [
          "`pulumi destroy` crash and resume",
          `${r.pulumi.trials.length} SIGKILLs × ${r.pulumi.operations} operations`,
          `${r.pulumi.passed} of ${r.pulumi.trials.length} trials passed`,
        ]
      : ["`pulumi destroy` crash and resume", "not run", "the pulumi CLI is not on PATH"],
    [
      "Secret greps",
      `${r.secrets.greps} greps over ${r.secrets.places} places`,
      `${r.secrets.secretsFound} secrets found`,
    ],
  ];
  return [
    "## Summary",
    "",
    "| Scenario | Tried | Result |",
    "|---|---|---|",
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
    "",
    `- **Operations lost, duplicated or misreported: ${soakLost}** (must be 0).`,
    `- **Crash trials failed: ${crashFailed}** (must be 0).`,
    `- **Secrets found: ${secretLeak}** (must be 0), counting greps and any credential that reached the redirect target.`,
    `- **Fault pairs not as expected: ${r.matrix.totals.mismatched}** (must be 0).`,
    "",
  ];
}

function pulumiAvailable(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const matrix = await timedStep("fault matrix", () => runFaultMatrix({ repeats: SIZES.matrixRepeats }));
  const soaks: SoakResult[] = [];
  for (const s of SIZES.soaks)
    soaks.push(await timedStep(`soak ${s.operations} ops at ${s.faultRate}`, () => runSoak(s)));
  const cli = await timedStep("CLI crash trials", () =>
    runCliCrashTrials({ trials: SIZES.cliTrials, operations: 20, seed: 2026 }),
  );
  const pulumi = pulumiAvailable()
    ? await timedStep("pulumi crash trials", () =>
        runPulumiCrashTrials({ trials: SIZES.pulumiTrials, seed: 2026 }),
      )
    : undefined;
  const secrets = await timedStep("secret greps", () => runSecretGreps());
  const r: Results = { matrix, soaks, cli, pulumi, secrets };
  const doc = [
    "# Reliability",
    "",
    `Generated by \`npm run soak${quick ? " -- --quick" : ""}\` on ${new Date().toISOString()} in ${((performance.now() - t0) / 60_000).toFixed(1)} min. Do not edit by hand.`,
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}. Every server listens on 127.0.0.1; every client is real (undici, google-auth-library, the CLI process, the pulumi CLI).`,
    "`npm test` runs the same code at smaller counts and fails on any of the problems counted here.",
    "",
    ...summary(r),
    renderFaultMatrix(matrix),
    "## Soak",
    "",
    ...soaks.map((s) => renderSoak(s)),
    "## Crash and resume",
    "",
    renderCrash(cli, "The CLI"),
    pulumi
      ? renderPulumiCrash(pulumi, "`pulumi destroy`")
      : "`pulumi destroy`: not run, the pulumi CLI is not on PATH.\n",
    renderSecrets(secrets),
  ].join("\n");
  writeFileSync(OUT, doc.endsWith("\n") ? doc : `${doc}\n`);
  step(`wrote ${OUT}`);
  const bad =
    matrix.totals.mismatched +
    soaks.reduce((n, s) => n + s.lost + s.duplicated + s.wrongOutcome, 0) +
    (cli.trials.length - cli.passed) +
    (pulumi ? pulumi.trials.length - pulumi.passed : 0) +
    secrets.secretsFound;
  if (bad > 0) {
    step(`${bad} problem(s): see ${OUT}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
