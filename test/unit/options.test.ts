/**
 * The option table's checks (options/check.ts) and the library's wait options (options/wait.ts), at
 * their seam: the same rule for the same bad value whatever door it came through, each bound
 * accepted and one past it refused by name, defaults applied once.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkOption, formatMillis, ruleOf } from "../../src/options/check";
import { CONNECTION_KEYS, OPTIONS } from "../../src/options/spec";
import { resolveWaitOptions } from "../../src/options/wait";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_FAIL_ON,
  DEFAULT_ON_CANCEL_UNSUPPORTED,
  DEFAULT_POLL,
  DEFAULT_TIMEOUT_MILLIS,
} from "../../src/options/defaults";
import { assertInvalidInput } from "../helpers/invalid-input";

describe("formatMillis and ruleOf", () => {
  test("the largest whole unit", () => {
    assert.deepEqual(
      [250, 1000, 1500, 60_000, 90_000, 3_600_000, 5_400_000, 86_400_000, 0].map(formatMillis),
      ["250 ms", "1 s", "1500 ms", "1 min", "90 s", "1 h", "90 min", "24 h", "0 ms"],
    );
  });

  test("each kind's rule in words, from the table's bounds", () => {
    assert.equal(
      ruleOf(OPTIONS.timeout),
      'must be a duration like "90s", "10m" or "1h30m", from 100 ms to 24 h',
    );
    assert.equal(ruleOf(OPTIONS.pollMultiplier), "must be a number from 1 to 10");
    assert.equal(ruleOf(OPTIONS.onDelete), "must be one of cancel, wait, abandon");
    assert.match(ruleOf(OPTIONS.failOn), /^must be a list of outcomes \(CANCELLED, SUCCEEDED, .*\)$/);
    assert.equal(ruleOf(OPTIONS.endpoint), "must be a string");
  });
});

describe("checkOption", () => {
  test("durations: strings or milliseconds, each bound in, one past it out, named by the door's label", () => {
    assert.equal(checkOption("timeout", "1h30m"), 5_400_000);
    assert.equal(checkOption("timeout", 100), 100);
    assert.equal(checkOption("timeout", "24h"), 86_400_000);
    for (const bad of [99, "24h1s", "soon", true, undefined])
      assertInvalidInput(
        () => checkOption("timeout", bad, "--timeout"),
        "--timeout",
        /^--timeout: must be a duration/,
      );
  });

  test("numbers, enums, lists and strings", () => {
    assert.equal(checkOption("pollMultiplier", 1), 1);
    assert.equal(checkOption("pollMultiplier", 10), 10);
    for (const bad of [0.99, 10.01, "2", NaN])
      assertInvalidInput(
        () => checkOption("pollMultiplier", bad),
        "pollMultiplier",
        /must be a number from 1 to 10/,
      );
    assert.equal(checkOption("onDelete", "abandon"), "abandon");
    assertInvalidInput(
      () => checkOption("onDelete", "destroy"),
      "onDelete",
      /must be one of cancel, wait, abandon \(got "destroy"\)/,
    );
    assertInvalidInput(() => checkOption("onDelete", 1), "onDelete", /must be one of/);
    const list = ["TIMED_OUT"];
    const checked = checkOption("failOn", list);
    assert.deepEqual(checked, ["TIMED_OUT"]);
    assert.notEqual(checked, list, "a copy");
    assert.deepEqual(checkOption("failOn", []), []);
    for (const bad of ["TIMED_OUT", ["TIMED_OUT", "LATE"], [1]])
      assertInvalidInput(() => checkOption("failOn", bad), "failOn", /must be a list of outcomes/);
    assert.equal(checkOption("endpoint", "https://e"), "https://e");
    assertInvalidInput(() => checkOption("endpoint", 1), "endpoint", /must be a string/);
  });

  test("an enum or outcome list takes the value itself, never something that only prints like it", () => {
    for (const bad of [["abandon"], { toString: () => "abandon" }, null])
      assertInvalidInput(
        () => checkOption("onDelete", bad),
        "onDelete",
        /^onDelete: must be one of cancel, wait, abandon \(got /,
      );
    for (const bad of [[["TIMED_OUT"]], ["ERROR", null], [{ toString: () => "ERROR" }]])
      assertInvalidInput(
        () => checkOption("failOn", bad, "fail-on"),
        "fail-on",
        /^fail-on: must be a list of outcomes \(/,
      );
  });
});

describe("connection keys", () => {
  test("exactly the inputs that only say how to connect; apiVersion is not one (it changes what names mean)", () => {
    assert.deepEqual(CONNECTION_KEYS, [
      "endpoint",
      "credentials",
      "accessToken",
      "impersonateServiceAccount",
      "quotaProject",
    ]);
  });
});

describe("resolveWaitOptions", () => {
  test("every default", () => {
    assert.deepEqual(resolveWaitOptions(), {
      timeoutMillis: DEFAULT_TIMEOUT_MILLIS,
      poll: DEFAULT_POLL,
      concurrency: DEFAULT_CONCURRENCY,
      onCancelUnsupported: DEFAULT_ON_CANCEL_UNSUPPORTED,
      failOn: DEFAULT_FAIL_ON,
      cancel: true,
      wait: true,
      batchByParent: true,
    });
  });

  test("given values are kept, each checked and named as the library spells it", () => {
    const poll = { initialDelayMillis: 10, maxDelayMillis: 3_600_000, multiplier: 10, jitter: 1 };
    const given = {
      timeoutMillis: 100,
      poll,
      concurrency: 100,
      onCancelUnsupported: "fail",
      failOn: ["ERROR"],
      cancel: false,
      wait: false,
      batchByParent: false,
    } as const;
    assert.deepEqual(resolveWaitOptions(given), given);
    assert.equal(resolveWaitOptions({ concurrency: 1 }).concurrency, 1);
    assert.equal(resolveWaitOptions({ poll: { ...poll, jitter: 0 } }).poll.jitter, 0);
    assertInvalidInput(() => resolveWaitOptions({ timeoutMillis: 99 }), "timeoutMillis", /^timeoutMillis: /);
    for (const c of [0, 101, 1.5])
      assertInvalidInput(
        () => resolveWaitOptions({ concurrency: c }),
        "concurrency",
        /must be an integer from 1 to 100/,
      );
    assertInvalidInput(
      () => resolveWaitOptions({ poll: { ...poll, initialDelayMillis: 9 } }),
      "poll.initialDelayMillis",
      /^poll\.initialDelayMillis: /,
    );
    assertInvalidInput(
      () => resolveWaitOptions({ poll: { ...poll, maxDelayMillis: 3_600_001 } }),
      "poll.maxDelayMillis",
      /^poll\.maxDelayMillis: /,
    );
    assertInvalidInput(
      () => resolveWaitOptions({ poll: { ...poll, multiplier: 0.5 } }),
      "poll.multiplier",
      /^poll\.multiplier: /,
    );
    for (const j of [-0.1, 1.1, NaN])
      assertInvalidInput(
        () => resolveWaitOptions({ poll: { ...poll, jitter: j } }),
        "poll.jitter",
        /must be a number from 0 to 1/,
      );
    assertInvalidInput(
      () => resolveWaitOptions({ onCancelUnsupported: "retry" as never }),
      "onCancelUnsupported",
      /must be one of wait, fail, abandon/,
    );
    assertInvalidInput(
      () => resolveWaitOptions({ failOn: ["NOPE" as never] }),
      "failOn",
      /must be a list of outcomes/,
    );
  });
});
