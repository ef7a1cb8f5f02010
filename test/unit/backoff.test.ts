import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { backoffDelay, jitterDown } from "../../src/core/backoff";
import { parseDurationMillis } from "../../src/core/duration";
import { parseRetryAfter } from "../../src/core/retry-after";
import { DEFAULT_POLL } from "../../src/options/defaults";
import { propertyRuns } from "../helpers/property-runs";

test("default poll schedule: 250 ms, ×1.3, capped at 10 s", () => {
  const none = () => 0;
  assert.equal(backoffDelay(DEFAULT_POLL, 0, none), 250);
  assert.equal(backoffDelay(DEFAULT_POLL, 1, none), 325);
  assert.equal(backoffDelay(DEFAULT_POLL, 50, none), 10_000);
});

test("jitter only shortens: ms × (1 − jitter × r), with r held to [0, 1]", () => {
  assert.equal(
    jitterDown(1000, 0.2, () => 0),
    1000,
  );
  assert.equal(
    jitterDown(1000, 0.2, () => 0.5),
    900,
  );
  assert.equal(
    jitterDown(1000, 0.2, () => 1),
    800,
  );
  assert.equal(
    jitterDown(1000, 0.2, () => -3),
    1000,
    "a negative draw counts as 0",
  );
  assert.equal(
    jitterDown(1000, 0.2, () => 7),
    800,
    "a draw above 1 counts as 1",
  );
  assert.equal(
    backoffDelay(DEFAULT_POLL, 1, () => 0.5),
    jitterDown(325, DEFAULT_POLL.jitter, () => 0.5),
  );
});

test("property: delays stay within [d(1-jitter), min(cap, d)] and never exceed the cap", () => {
  fc.assert(
    fc.property(
      fc.record({
        initialDelayMillis: fc.integer({ min: 1, max: 100_000 }),
        multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
        maxDelayMillis: fc.integer({ min: 1, max: 3_600_000 }),
        jitter: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.integer({ min: 0, max: 500 }),
      fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      (s, n, r) => {
        const d = backoffDelay(s, n, () => r);
        const base = Math.min(s.maxDelayMillis, s.initialDelayMillis * Math.pow(s.multiplier, n));
        assert.ok(d <= Math.round(base) && d <= s.maxDelayMillis, `${d} > ${base}`);
        assert.ok(d >= Math.floor(base * (1 - s.jitter)) - 1, `${d} < ${base * (1 - s.jitter)}`);
        assert.ok(Number.isFinite(d) && d >= 0);
      },
    ),
    { numRuns: propertyRuns(10_000) },
  );
});

test("property: delays are monotone in the attempt number without jitter", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.double({ min: 1, max: 3, noNaN: true }),
      fc.integer({ min: 0, max: 100 }),
      (init, mult, n) => {
        const s = { initialDelayMillis: init, multiplier: mult, maxDelayMillis: 60_000, jitter: 0 };
        assert.ok(backoffDelay(s, n + 1) >= backoffDelay(s, n));
      },
    ),
  );
});

test("Retry-After: seconds, HTTP dates, junk", () => {
  const now = Date.parse("2026-11-23T00:00:00Z");
  assert.equal(parseRetryAfter("3", now), 3000);
  assert.equal(parseRetryAfter("Mon, 23 Nov 2026 00:00:05 GMT", now), 5000);
  assert.equal(parseRetryAfter("Sun, 22 Nov 2026 00:00:05 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
  assert.equal(parseRetryAfter("-1", now), undefined);
});

test("durations: units, bare milliseconds and rejects", () => {
  assert.equal(parseDurationMillis("90s"), 90_000);
  assert.equal(parseDurationMillis("1h30m"), 5_400_000);
  assert.equal(parseDurationMillis("250ms"), 250);
  assert.equal(parseDurationMillis("1500"), 1500);
  for (const bad of ["", "10 m", "-5s", "1d", "s", "10m;rm", "NaN", "1e3"])
    assert.equal(parseDurationMillis(bad), undefined, bad);
});

test("property: duration parser never throws and returns non-negative finite numbers", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), (s) => {
      const v = parseDurationMillis(s);
      assert.ok(v === undefined || (Number.isFinite(v) && v >= 0));
    }),
    { numRuns: propertyRuns(10_000) },
  );
});
