/**
 * `Retry-After` (core/retry-after.ts): delta-seconds or an RFC 9110 IMF-fixdate, nothing else;
 * a malformed header is ignored rather than turned into a wrong wait.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRetryAfter } from "../../src/core/retry-after";

const NOW = Date.parse("1994-11-06T08:49:30Z");

test("absent headers", () => {
  assert.equal(parseRetryAfter(null, NOW), undefined);
  assert.equal(parseRetryAfter(undefined, NOW), undefined);
  assert.equal(parseRetryAfter("", NOW), undefined);
});

test("delta-seconds: whole numbers of up to nine digits, whitespace ignored", () => {
  assert.equal(parseRetryAfter("0", NOW), 0);
  assert.equal(parseRetryAfter("120", NOW), 120_000);
  assert.equal(parseRetryAfter(" 3 ", NOW), 3000);
  assert.equal(parseRetryAfter("999999999", NOW), 999_999_999_000);
  for (const bad of ["1000000000", "3 seconds", "12x", "1.5", "+3", "-1"])
    assert.equal(parseRetryAfter(bad, NOW), undefined, bad);
});

test("HTTP dates: the exact IMF-fixdate form, as milliseconds from now, never negative", () => {
  assert.equal(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", NOW), 7000);
  assert.equal(parseRetryAfter(" Sun, 06 Nov 1994 08:49:37 GMT ", NOW), 7000);
  assert.equal(parseRetryAfter("Sun, 06 Nov 1994 08:49:00 GMT", NOW), 0);
  for (const bad of [
    "xSun, 06 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT+0100",
    "Sun, 06 Nov 1994 08:49:37 GMT 2000",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
  ])
    assert.equal(parseRetryAfter(bad, NOW), undefined, bad);
});

test("a date of the right form that is no date is ignored", () => {
  for (const bad of [
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "Sun, 36 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 28:49:37 GMT",
  ])
    assert.equal(parseRetryAfter(bad, NOW), undefined, bad);
});
