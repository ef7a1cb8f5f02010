/**
 * Small modules the integration suites reach only through sockets or the engine, tested at their
 * seams (issue 22): a list reply's validation, the stack's `gcp:*` config, the bounded map every
 * batch of cancels goes through, and the watch line both doors print.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseListReply } from "../../src/client/list-reply";
import { mapLimit } from "../../src/core/concurrency";
import { BeyondCorpError } from "../../src/core/errors";
import { parseLocationName } from "../../src/lro/names";
import { logProgress, setLogSink, summarize } from "../../src/pulumi/log";
import { pick, statesFrom } from "../../src/pulumi/outputs";
import { stackConnectionFrom } from "../../src/pulumi/stack-config";
import { watchLine } from "../../src/wait/watch-line";

const PARENT = parseLocationName("projects/my-project/locations/global");
const OP = "projects/my-project/locations/global/operations/op-1";

describe("parseListReply", () => {
  const bad = (res: unknown, message: RegExp) =>
    assert.throws(
      () => parseListReply(res, PARENT, "/v1/x"),
      (e: unknown) =>
        BeyondCorpError.is(e) &&
        e.code === "ERR_BAD_RESPONSE" &&
        e.path === "/v1/x" &&
        message.test(e.message),
    );

  test("operations of the parent, and the next page's token when there is one", () => {
    const page = parseListReply(
      { operations: [{ name: OP, done: false }], nextPageToken: "t" },
      PARENT,
      "/v1/x",
    );
    assert.deepEqual(
      page.operations.map((o) => [o.name, o.done]),
      [[OP, false]],
    );
    assert.equal(page.nextPageToken, "t");
    assert.deepEqual(parseListReply({}, PARENT, "/v1/x"), { operations: [] });
    assert.ok(
      !("nextPageToken" in parseListReply({ nextPageToken: "" }, PARENT, "/v1/x")),
      "an empty token ends",
    );
    assert.equal(
      parseListReply({ nextPageToken: "x".repeat(4096) }, PARENT, "p").nextPageToken?.length,
      4096,
    );
  });

  test("anything else is a bad reply, naming what and where", () => {
    bad(null, /^list reply is not an object \(\/v1\/x\)$/);
    bad("[]", /^list reply is not an object/);
    bad({ operations: {} }, /^operations is not an array/);
    bad(
      { operations: [{ name: "projects/other-project/locations/global/operations/x", done: false }] },
      /^list returned a foreign operation projects\/other-project\/locations\/global\/operations\/x/,
    );
    bad({ nextPageToken: 7 }, /^bad nextPageToken/);
    bad({ nextPageToken: "x".repeat(4097) }, /^bad nextPageToken/);
  });
});

describe("stackConnectionFrom: @pulumi/gcp's config keys", () => {
  const from = (cfg: Record<string, string>) => stackConnectionFrom((k) => cfg[k]);

  test("each key, empty values ignored", () => {
    assert.deepEqual(
      from({
        "gcp:beyondcorpCustomEndpoint": "https://e.example.com",
        "gcp:credentials": "{}",
        "gcp:accessToken": "ya29.t",
        "gcp:impersonateServiceAccount": "sa@p.iam.gserviceaccount.com",
        "gcp:universeDomain": "example.com",
      }),
      {
        endpoint: "https://e.example.com",
        credentials: "{}",
        accessToken: "ya29.t",
        impersonateServiceAccount: "sa@p.iam.gserviceaccount.com",
        universeDomain: "example.com",
      },
    );
    assert.deepEqual(from({ "gcp:credentials": "", "gcp:universeDomain": "" }), {});
  });

  test("the billing project unless gcp:userProjectOverride says otherwise", () => {
    assert.equal(from({ "gcp:billingProject": "bill" }).quotaProject, "bill");
    assert.equal(
      from({ "gcp:billingProject": "bill", "gcp:userProjectOverride": "TRUE" }).quotaProject,
      "bill",
    );
    for (const off of ["false", "", "1", "yes"])
      assert.equal(
        from({ "gcp:billingProject": "bill", "gcp:userProjectOverride": off }).quotaProject,
        undefined,
        off,
      );
    assert.equal(from({ "gcp:userProjectOverride": "true" }).quotaProject, undefined);
  });
});

describe("mapLimit", () => {
  test("every item, at most `limit` at once, in order of start", async () => {
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    await mapLimit([1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    assert.deepEqual(started, [1, 2, 3, 4, 5]);
    assert.equal(most, 2);
  });

  test("a limit above the count, or below one, still runs each item once", async () => {
    for (const limit of [0, 1, 10]) {
      const seen: number[] = [];
      await mapLimit([1, 2, 3], limit, async (i) => void seen.push(i));
      assert.deepEqual(seen.sort(), [1, 2, 3], `limit ${limit}`);
    }
    await mapLimit([], 4, async () => assert.fail("no item"));
  });

  test("the first error, after every item has run", async () => {
    const seen: number[] = [];
    await assert.rejects(
      mapLimit([1, 2, 3, 4], 2, async (i) => {
        seen.push(i);
        if (i === 2 || i === 3) throw new Error(`item ${i}`);
      }),
      /^Error: item 2$/,
    );
    assert.deepEqual(seen.sort(), [1, 2, 3, 4]);
  });
});

describe("watchLine", () => {
  const base = {
    type: "watch" as const,
    parent: "projects/p/locations/global",
    matched: 2,
    otherForm: 0,
    listed: 7,
  };
  test("each way a listing can go, in words", () => {
    assert.equal(
      watchLine({ ...base, listing: "filtered" } as never),
      "watch projects/p/locations/global: 2 in-flight operation(s) match; the server applied the filter (7 listed)",
    );
    assert.equal(
      watchLine({ ...base, matched: 0, listing: "filtered" } as never),
      "watch projects/p/locations/global: no operation in flight matches; the server applied the filter (7 listed)",
    );
    assert.equal(
      watchLine({ ...base, otherForm: 2, outside: 5, listing: "ignored" } as never),
      "watch projects/p/locations/global: 2 in-flight operation(s) match (2 with the project written in its other form, id or number); the server ignored the filter (5 of 7 listed were outside it and were dropped here)",
    );
    assert.equal(
      watchLine({ ...base, listing: "refused", reason: "UNIMPLEMENTED: no" } as never),
      "watch projects/p/locations/global: 2 in-flight operation(s) match; the server refused the filter (UNIMPLEMENTED: no), so all 7 operation(s) were listed and matched here",
    );
    assert.match(
      watchLine({ ...base, listing: "refused" } as never),
      /refused the filter \(no reason given\)/,
    );
    assert.equal(
      watchLine({ ...base, listing: "failed", reason: "PERMISSION_DENIED: x" } as never),
      "watch projects/p/locations/global: could not list operations (PERMISSION_DENIED: x); the watch saw nothing",
    );
    assert.match(
      watchLine({ ...base, listing: "failed" } as never),
      /could not list operations \(no reason given\)/,
    );
  });
});

describe("the Pulumi doors' lines and recorded states (pulumi/log.ts, pulumi/outputs.ts)", () => {
  const lines: string[] = [];
  const result = {
    name: "v1/" + OP,
    outcome: "FAILED",
    endedAs: "FAILED",
    error: { code: 9, status: "FAILED_PRECONDITION", message: "no" },
    cancelRequested: true,
    elapsedMs: 1250,
    requests: 3.4,
  } as const;

  test("one line per event worth showing, under [beyondcorp]", () => {
    setLogSink((l) => void lines.push(l));
    try {
      logProgress({ type: "cancel-sent", name: "v1/a" } as never);
      logProgress({ type: "cancel-unsupported", name: "v1/b" } as never);
      logProgress({
        type: "retry",
        retry: { call: "get", path: "/v1/a", delayMs: 500, reason: "UNAVAILABLE" },
      } as never);
      logProgress({ type: "outcome", result } as never);
      logProgress({
        type: "outcome",
        result: { ...result, outcome: "CANCELLED", error: undefined },
      } as never);
      logProgress({ type: "round", round: 1, pending: 1, nextDelayMs: 10 } as never);
      logProgress({
        type: "watch",
        parent: "projects/p/locations/global",
        matched: 0,
        otherForm: 0,
        listed: 0,
        listing: "filtered",
      } as never);
      const report = {
        results: [result, { ...result, outcome: "CANCELLED" }, { ...result, outcome: "CANCELLED" }],
        elapsedMs: 2345,
        requests: 9,
      };
      const last = summarize("delete", report as never, new Date("2026-01-02T03:04:05Z"));
      assert.deepEqual(last, {
        action: "delete",
        at: "2026-01-02T03:04:05.000Z",
        elapsedMs: 2345,
        requests: 9,
        outcomes: { FAILED: 1, CANCELLED: 2 },
      });
      summarize("update", { results: [], elapsedMs: 0, requests: 0 } as never, new Date(0));
    } finally {
      setLogSink((l) => console.log(l));
    }
    assert.deepEqual(lines, [
      "[beyondcorp] cancel requested: v1/a",
      "[beyondcorp] cancel unsupported (UNIMPLEMENTED): v1/b",
      "[beyondcorp] retrying get /v1/a in 500 ms: UNAVAILABLE",
      `[beyondcorp] FAILED             v1/${OP} after 1.3s, 3 requests (FAILED_PRECONDITION: no)`,
      `[beyondcorp] CANCELLED          v1/${OP} after 1.3s, 3 requests`,
      "[beyondcorp] watch projects/p/locations/global: no operation in flight matches; the server applied the filter (0 listed)",
      "[beyondcorp] delete: 3 operation(s) terminal in 2.3s, 9 requests: 1 FAILED, 2 CANCELLED",
      "[beyondcorp] update: 0 operation(s) terminal in 0.0s, 0 requests: nothing to do",
    ]);
  });

  test("statesFrom records each result's state and what is known of it; pick keeps what is set", () => {
    assert.deepEqual(
      statesFrom([
        result as never,
        { ...result, name: "v1/b", outcome: "NOT_FOUND", endedAs: undefined, error: undefined } as never,
      ]),
      {
        [`v1/${OP}`]: {
          state: "DONE",
          outcome: "FAILED",
          endedAs: "FAILED",
          error: result.error,
          elapsedMs: 1250,
          requests: 3.4,
          cancelRequested: true,
        },
        "v1/b": {
          state: "GONE",
          outcome: "NOT_FOUND",
          elapsedMs: 1250,
          requests: 3.4,
          cancelRequested: true,
        },
      },
    );
    assert.deepEqual(
      pick({ a: 1, b: undefined, c: 0 } as Record<string, number | undefined>, ["a", "b", "c", "d"]),
      {
        a: 1,
        c: 0,
      },
    );
  });
});
