import { test } from "node:test";
import assert from "node:assert/strict";
import { requirePulumi } from "../helpers/pulumi";
import { renderPulumiCrash, runPulumiCrashTrials } from "../reliability/crash-pulumi";

const skip = requirePulumi();

// `npm run soak` runs ≥ 10 trials; `npm test` runs 2, with kills spread over the whole destroy.
test(
  "pulumi destroy SIGKILLed at random times, then rerun: nothing lost, state empty",
  { skip },
  async () => {
    const r = await runPulumiCrashTrials({ trials: 2, seed: Number(process.env["CRASH_SEED"] ?? 11) });
    const md = renderPulumiCrash(r, "pulumi destroy");
    process.stdout.write(md.replace(/^/gm, "# "));
    assert.equal(r.passed, r.trials.length, md);
  },
);
