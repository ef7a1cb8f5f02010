/**
 * The stack's `gcp:*` config as the Pulumi doors read it (pulumi/stack-config.ts), and where the
 * dynamic provider's lines go before any door sets a sink (pulumi/log.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { log } from "../../src/pulumi/log";
import { stackConnectionFrom } from "../../src/pulumi/stack-config";
import { captureLog } from "../helpers/console";

test("a line goes to stdout by default, which the dynamic-provider host shows", async () => {
  assert.deepEqual(await captureLog(async () => log("hello")), ["[beyondcorp] hello"]);
});

test("gcp:userProjectOverride bills the quota project only when it is exactly true (any case)", () => {
  const layer = (override: string | undefined) =>
    stackConnectionFrom((k) =>
      k === "gcp:billingProject" ? "billing-project" : k === "gcp:userProjectOverride" ? override : undefined,
    );
  for (const on of [undefined, "true", "TRUE", "True"])
    assert.deepEqual(layer(on), { quotaProject: "billing-project" }, String(on));
  for (const off of ["false", "untrue", "trueish", "true ", " true", "1", ""])
    assert.deepEqual(layer(off), {}, JSON.stringify(off));
});
