/**
 * The resource's hooks (pulumi/runtime.ts) against the emulator over real sockets: each retry is
 * logged once (one retry channel), stack config reaches the client through the hook context, and a
 * provider object whose runtime cannot be loaded says how to fix it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator";
import * as runtime from "../../src/pulumi/runtime";
import { RUNTIME_MISSING } from "../../src/pulumi/provider";
import { captureLog } from "../helpers/console";

const P = "projects/demo-project/locations/global";

describe("resource hooks over real sockets", () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu.close();
  });

  test("a retried cancel during update is logged exactly once", async () => {
    const kept = `${P}/operations/rt-keep`;
    const dropped = `${P}/operations/rt-drop`;
    emu.seed({ name: kept });
    emu.seed({ name: dropped });
    emu.addFault({
      route: "cancel",
      pathPattern: "rt-drop",
      times: 1,
      fault: { type: "status", status: 503 } as never,
    });
    const props = { endpoint: emu.url, pollInitialDelay: "20ms", pollMaxDelay: "100ms" };
    const olds = {
      ...props,
      operations: [kept, dropped],
      trackedOperations: [`v1/${kept}`, `v1/${dropped}`],
      operationStates: {},
    };
    const lines = await captureLog(() =>
      runtime.update(
        "id-1",
        olds as never,
        { ...props, operations: [kept] },
        { stack: { accessToken: "stack-token" } },
      ),
    );
    const retries = lines.filter((l) => /retrying cancel/.test(l));
    assert.equal(retries.length, 1, lines.join("\n"));
    assert.ok(
      lines.some((l) =>
        /CANCELLED\s+v1\/projects\/demo-project\/locations\/global\/operations\/rt-drop/.test(l),
      ),
      lines.join("\n"),
    );
  });

  test("the stack's gcp:* config reaches the requests through the hook context", async () => {
    const name = `${P}/operations/rt-stack`;
    emu.seed({ name });
    emu.clearRequests();
    await captureLog(() =>
      runtime.create(
        { operations: [name] },
        {
          stack: runtime.stackConfig((k) =>
            k === "gcp:beyondcorpCustomEndpoint"
              ? emu.url
              : k === "gcp:accessToken"
                ? "from-stack"
                : undefined,
          ),
        },
      ),
    );
    const seen = emu.requests().filter((e) => e.route === "get");
    assert.ok(seen.length > 0, "create made no request to the stack's endpoint");
    assert.ok(
      seen.every((e) => e.bearerPresent),
      "the stack's token was not sent",
    );
  });
});

test("a provider object whose runtime is gone names the package and the fix", async () => {
  // provider.js alone in an empty folder: neither `beyondcorp-ops` nor its runtime.js can be loaded.
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-noruntime-"));
  try {
    copyFileSync(path.join(__dirname, "../../src/pulumi/provider.js"), path.join(dir, "provider.js"));
    const { createProvider } = require(
      path.join(dir, "provider.js"),
    ) as typeof import("../../src/pulumi/provider");
    const err = await createProvider().check!({}, {}).then(
      () => assert.fail("check succeeded without a runtime"),
      (e: unknown) => e as Error,
    );
    assert.equal(err.message, RUNTIME_MISSING);
    assert.match(err.message, /npm install beyondcorp-ops/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
