/**
 * From the resource's inputs to the library's options (pulumi/translate.ts): which connection
 * settings reach the client, and what the wait is told (the engine's timeout first).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { connectionOf, waitOptionsOf } from "../../src/pulumi/translate";
import { assertInvalidInput } from "../helpers/invalid-input";

const POLL = { initialDelayMillis: 250, multiplier: 1.3, maxDelayMillis: 10_000, jitter: 0.1 };

describe("connectionOf", () => {
  test("every non-empty connection setting, and the apiVersion when set", () => {
    assert.deepEqual(
      connectionOf({
        endpoint: "https://beyondcorp.example.internal",
        credentials: "/keys/sa.json",
        accessToken: "ya29.t",
        impersonateServiceAccount: "sa@p.iam.gserviceaccount.com",
        quotaProject: "billing-project",
        apiVersion: "v1alpha",
        operations: ["x"],
        timeout: "1m",
      }),
      {
        endpoint: "https://beyondcorp.example.internal",
        credentials: "/keys/sa.json",
        accessToken: "ya29.t",
        impersonateServiceAccount: "sa@p.iam.gserviceaccount.com",
        quotaProject: "billing-project",
        apiVersion: "v1alpha",
      },
    );
  });

  test("empty or non-string settings are left to the next layer", () => {
    assert.deepEqual(connectionOf({ accessToken: "", endpoint: 5 as never, credentials: "" }), {});
    assert.deepEqual(connectionOf({}), {});
  });
});

describe("waitOptionsOf", () => {
  test("defaults: cancel as asked, the default poll, no deadline of its own", () => {
    assert.deepEqual(waitOptionsOf({}, true), { cancel: true, poll: POLL });
    assert.deepEqual(waitOptionsOf({}, false), { cancel: false, poll: POLL });
  });

  test("the engine's timeout wins over the resource's own", () => {
    assert.deepEqual(waitOptionsOf({ timeout: "2m" }, true), {
      cancel: true,
      timeoutMillis: 120_000,
      poll: POLL,
    });
    assert.deepEqual(waitOptionsOf({ timeout: "2m" }, true, 5000), {
      cancel: true,
      timeoutMillis: 5000,
      poll: POLL,
    });
    assert.deepEqual(waitOptionsOf({}, true, 0), { cancel: true, timeoutMillis: 0, poll: POLL });
  });

  test("the poll settings, each through its check", () => {
    assert.deepEqual(
      waitOptionsOf({ pollInitialDelay: "1s", pollMaxDelay: "30s", pollMultiplier: 2 }, true).poll,
      { initialDelayMillis: 1000, multiplier: 2, maxDelayMillis: 30_000, jitter: 0.1 },
    );
    assertInvalidInput(
      () => waitOptionsOf({ pollInitialDelay: "soon" }, true),
      "pollInitialDelay",
      /^pollInitialDelay: /,
    );
    assertInvalidInput(
      () => waitOptionsOf({ pollMaxDelay: "later" }, true),
      "pollMaxDelay",
      /^pollMaxDelay: /,
    );
    assertInvalidInput(
      () => waitOptionsOf({ pollMultiplier: 0 }, true),
      "pollMultiplier",
      /^pollMultiplier: /,
    );
    assertInvalidInput(() => waitOptionsOf({ timeout: "never" }, true), "timeout", /^timeout: /);
  });

  test("onCancelUnsupported and failOn are passed on when set", () => {
    assert.deepEqual(waitOptionsOf({ onCancelUnsupported: "fail", failOn: ["FAILED"] }, true), {
      cancel: true,
      poll: POLL,
      onCancelUnsupported: "fail",
      failOn: ["FAILED"],
    });
  });
});
