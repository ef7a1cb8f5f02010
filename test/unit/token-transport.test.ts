/**
 * Token requests under the rules of API requests (auth/token-transport.ts): a timeout, no
 * redirects, which statuses are retried, and a Retry-After hint honoured up to a cap. The backoff
 * runs on node:test's mock timers.
 */
import { afterEach, beforeEach, mock, test } from "node:test";
import assert from "node:assert/strict";
import { tokenTransport } from "../../src/auth/token-transport";

type Backoff = (err: { response?: { headers?: Headers } }, delayMs: number) => Promise<void>;
const backoff = tokenTransport({}).retryConfig!.retryBackoff as unknown as Backoff;
/** The cap on a Retry-After hint: six times the API retry schedule's longest delay (10 s). */
const CAP = 60_000;

beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_700_000_000_000 }));
afterEach(() => mock.timers.reset());

/** After how many mock milliseconds `wait` resolves (checked to the millisecond around `expected`). */
async function resolvesAfter(wait: Promise<void>, expected: number): Promise<void> {
  let done = false;
  void wait.then(() => (done = true));
  if (expected > 0) {
    mock.timers.tick(expected - 1);
    await flush();
    assert.equal(done, false, `resolved before ${expected} ms`);
  }
  mock.timers.tick(expected > 0 ? 1 : 0);
  await flush();
  assert.equal(done, true, `not resolved at ${expected} ms`);
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

test("a token request times out like an API request: 30 s, or the configured request timeout", () => {
  assert.equal(tokenTransport({}).timeout, 30_000);
  assert.equal(tokenTransport({ requestTimeoutMillis: 1234 }).timeout, 1234);
  assert.equal(tokenTransport({ requestTimeoutMillis: 0 }).timeout, 0);
});

test("redirects are not followed (a 307 would resend the refresh token to another host)", () => {
  assert.equal(tokenTransport({}).redirect, "manual");
});

test("retried statuses: 408, 429, 500, 502-504; never 501 (UNIMPLEMENTED) or any 4xx", () => {
  const ranges = tokenTransport({}).retryConfig!.statusCodesToRetry!;
  const retried = (status: number) => ranges.some(([lo, hi]) => status >= lo! && status <= hi!);
  const all = Array.from({ length: 200 }, (_, i) => 400 + i).filter(retried);
  assert.deepEqual(all, [408, 429, 500, 502, 503, 504]);
});

test("without a Retry-After hint the library's own delay is kept", async () => {
  await resolvesAfter(backoff({}, 250), 250);
  await resolvesAfter(backoff({ response: {} }, 100), 100);
  await resolvesAfter(backoff({ response: { headers: new Headers() } }, 40), 40);
  await resolvesAfter(backoff({ response: { headers: new Headers({ "retry-after": "soon" }) } }, 70), 70);
});

test("a Retry-After hint longer than the library's delay is honoured, in seconds or as a date", async () => {
  const hint = (value: string) => ({ response: { headers: new Headers({ "retry-after": value }) } });
  await resolvesAfter(backoff(hint("2"), 100), 2000);
  await resolvesAfter(backoff(hint(new Date(Date.now() + 5000).toUTCString()), 100), 5000);
  // A shorter hint does not shorten the library's delay.
  await resolvesAfter(backoff(hint("1"), 3000), 3000);
});

test("a Retry-After hint is capped at 60 s, so a token endpoint cannot stall us for hours", async () => {
  const hint = (value: string) => ({ response: { headers: new Headers({ "retry-after": value }) } });
  await resolvesAfter(backoff(hint("86400"), 100), CAP);
  await resolvesAfter(backoff(hint("59"), 100), 59_000);
});
