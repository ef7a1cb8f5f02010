/**
 * Durations as users write them (core/duration.ts): `--timeout 90s`, `pollInterval: "1.5s"`, or a
 * number of milliseconds. Fractions have at most three digits; anything else is refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDurationMillis } from "../../src/core/duration";

test("numbers: finite and not negative, rounded to whole milliseconds", () => {
  assert.equal(parseDurationMillis(0), 0);
  assert.equal(parseDurationMillis(1500), 1500);
  assert.equal(parseDurationMillis(1.6), 2);
  for (const bad of [-1, -0.4, NaN, Infinity, -Infinity])
    assert.equal(parseDurationMillis(bad), undefined, String(bad));
});

test("text: surrounding whitespace is ignored", () => {
  assert.equal(parseDurationMillis(" 90s "), 90_000);
  assert.equal(parseDurationMillis("\t250\n"), 250);
});

test("fractions of up to three digits, in every unit", () => {
  assert.equal(parseDurationMillis("1.5s"), 1500);
  assert.equal(parseDurationMillis("1.25s"), 1250);
  assert.equal(parseDurationMillis("0.125s"), 125);
  assert.equal(parseDurationMillis("1.5m"), 90_000);
  assert.equal(parseDurationMillis("0.5h"), 1_800_000);
  assert.equal(parseDurationMillis("2.5ms"), 3);
  assert.equal(parseDurationMillis("1h0.5m10.25s"), 3_600_000 + 30_000 + 10_250);
  for (const bad of ["1.2345s", "1.s", ".5s", "1.xs", "1,5s"])
    assert.equal(parseDurationMillis(bad), undefined, bad);
});
