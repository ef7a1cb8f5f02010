/** The polling policy (wait/cadence.ts) as a pure function of (age, pending, budget): its properties and defaults. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { backoffDelay, type BackoffSchedule } from "../../src/core/backoff";
import { DEFAULT_POLL } from "../../src/options/defaults";
import {
  DEFAULT_CADENCE,
  parentShare,
  pollInterval,
  singletonInterval,
  type CadencePolicy,
} from "../../src/wait/cadence";

const policy: CadencePolicy = { poll: DEFAULT_POLL, ...DEFAULT_CADENCE };

const schedule = fc.record({
  initialDelayMillis: fc.integer({ min: 1, max: 60_000 }),
  multiplier: fc.double({ min: 1, max: 5, noNaN: true }),
  maxDelayMillis: fc.integer({ min: 1, max: 600_000 }),
  jitter: fc.constant(0),
});
const policies = fc.record({
  poll: schedule,
  floorMillis: fc.integer({ min: 1, max: 10_000 }),
  lagShare: fc.double({ min: 0, max: 1, noNaN: true }),
  budget: fc.double({ min: 0, max: 1, noNaN: true }),
  smallShare: fc.double({ min: 1, max: 10, noNaN: true }),
});
const age = fc.double({ min: 0, max: 24 * 3600_000, noNaN: true });
const pending = fc.integer({ min: 1, max: 100_000 });

test("property: the interval never goes below the floor (or the schedule, if faster) nor above the cap", () => {
  fc.assert(
    fc.property(policies, age, pending, (p, a, n) => {
      const i = pollInterval(p, a, n);
      assert.ok(i <= p.poll.maxDelayMillis, `${i} above the cap`);
      assert.ok(i >= Math.min(p.floorMillis, singletonInterval(p.poll, a)), `${i} below the floor`);
    }),
  );
});

test("property: a parent is never polled less often than one operation of the same age", () => {
  fc.assert(
    fc.property(policies, age, pending, (p, a, n) => {
      assert.ok(pollInterval(p, a, n) <= singletonInterval(p.poll, a));
    }),
  );
});

test("property: more pending operations in a parent never means a longer interval", () => {
  fc.assert(
    fc.property(policies, age, pending, pending, (p, a, n, m) => {
      const [few, many] = n <= m ? [n, m] : [m, n];
      assert.ok(pollInterval(p, a, many) <= pollInterval(p, a, few));
    }),
  );
});

test("property: an older group is never polled more often", () => {
  fc.assert(
    fc.property(policies, age, age, pending, (p, a, b, n) => {
      const [young, old] = a <= b ? [a, b] : [b, a];
      assert.ok(pollInterval(p, young, n) <= pollInterval(p, old, n));
    }),
  );
});

test("property: a singleton keeps the configured backoff (gax's shape), delay for delay", () => {
  fc.assert(
    fc.property(schedule, fc.integer({ min: 0, max: 60 }), (s: BackoffSchedule, rounds) => {
      let ageMs = 0;
      for (let n = 0; n < rounds; n++) {
        const i = pollInterval({ ...policy, poll: s }, ageMs, 1);
        const expected = backoffDelay(s, n, () => 0);
        assert.ok(Math.abs(i - expected) <= Math.max(1, expected * 1e-9), `round ${n}: ${i} vs ${expected}`);
        ageMs += i;
      }
    }),
  );
});

test("the default policy: √n for big parents, 10 % of gax's gets for mid-sized ones, 2× for small ones", () => {
  assert.deepEqual(
    [1, 2, 4, 5, 13, 20, 30, 40, 100, 400].map((n) => Math.round(parentShare(policy, n) * 100) / 100),
    [1, 1.41, 2, 2, 2, 2, 3, 4, 10, 20],
  );
  assert.equal(pollInterval(policy, 0, 1), 250);
  assert.equal(pollInterval(policy, 0, 100), 200, "the floor");
  assert.equal(Math.round(pollInterval(policy, 30_000, 100)), 925);
  assert.equal(Math.round(pollInterval(policy, 30_000, 1)), 9250);
  assert.equal(Math.round(pollInterval(policy, 3600_000, 4)), 5000);
});
