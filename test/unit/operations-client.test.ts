/**
 * The operations client (client/operations-client.ts) end to end in process: the real connection
 * resolution, credentials, retry loop and HTTP transport, with undici's MockAgent as the server
 * (through `ClientDeps.dispatchers`). get, cancel, list pages, pagination limits, and the headers
 * every request carries.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MockAgent } from "undici";
import "../helpers/offline";
import { OperationsClient, type ClientDeps } from "../../src/client/operations-client";
import type { ConnectionOptions } from "../../src/options/connection";
import { API_CLIENT_HEADER } from "../../src/client/version";
import { BeyondCorpError } from "../../src/core/errors";
import type { Clock } from "../../src/core/clock";
import { DEFAULT_PAGE_SIZE } from "../../src/options/defaults";
import { assertInvalidInput } from "../helpers/invalid-input";

const ENDPOINT = "http://127.0.0.1:9";
const OP = "projects/my-project/locations/global/operations/op-1";
const PARENT = "projects/my-project/locations/global";
const TOKEN = "ya29.unit-test-token";

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A client whose server is a MockAgent; every request is recorded, sleeps too. */
function rig(options: ConnectionOptions = {}, deps: ClientDeps = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const server = agent.get(ENDPOINT);
  const seen: Seen[] = [];
  const calls: Array<[string, string]> = [];
  const sleeps: number[] = [];
  const clock: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
  const client = new OperationsClient(
    {
      endpoint: ENDPOINT,
      accessToken: TOKEN,
      quotaProject: "billing-project",
      retry: { initialDelayMillis: 100, multiplier: 2, maxDelayMillis: 1_000, jitter: 0 },
      ...options,
    },
    {
      env: {},
      clock,
      dispatchers: { agent: () => agent, proxyAgent: () => agent },
      onRequest: (call, path) => calls.push([call, path]),
      ...deps,
    },
  );
  /** Answer the next request with `status` and `body` (an object is sent as JSON). */
  const reply = (status: number, body: unknown = {}) =>
    server.intercept({ path: () => true, method: () => true }).reply((o) => {
      seen.push({
        method: o.method,
        path: o.path,
        headers: o.headers as Record<string, string>,
        body: o.body ?? undefined,
      });
      return { statusCode: status, data: typeof body === "string" ? body : JSON.stringify(body) };
    });
  return { client, reply, seen, calls, sleeps, agent };
}

const opReply = (name = OP, extra: object = {}) => ({ name, done: false, ...extra });
const HEADERS = {
  authorization: `Bearer ${TOKEN}`,
  "x-goog-user-project": "billing-project",
  accept: "application/json",
  "x-goog-api-client": API_CLIENT_HEADER,
};

async function failure(p: Promise<unknown>): Promise<BeyondCorpError> {
  try {
    await p;
  } catch (e) {
    assert.ok(BeyondCorpError.is(e), String(e));
    return e;
  }
  assert.fail("expected a rejection");
}

describe("OperationsClient: names", () => {
  test("name and parent take the client's API version unless the input names one", () => {
    const { client } = rig({ apiVersion: "v1alpha" });
    assert.equal(client.apiVersion, "v1alpha");
    assert.equal(client.endpoint, ENDPOINT);
    assert.deepEqual(client.name(OP), {
      kind: "projects",
      container: "my-project",
      location: "global",
      operation: "op-1",
      apiVersion: "v1alpha",
    });
    assert.equal(client.name(`v1/${OP}`).apiVersion, "v1");
    assert.deepEqual(client.parent(PARENT), {
      kind: "projects",
      container: "my-project",
      location: "global",
      apiVersion: "v1alpha",
    });
    assertInvalidInput(() => client.name("projects/p"), "name", /6 segments/);
    assertInvalidInput(() => client.parent("projects/p"), "parent", /4 segments/);
  });
});

describe("OperationsClient: get and cancel on the wire", () => {
  test("get: GET of the operation path with the credentials and client headers, the reply parsed", async () => {
    const { client, reply, seen, calls } = rig();
    reply(200, opReply(OP, { metadata: { verb: "create" } }));
    const op = await client.get(client.name(OP));
    assert.deepEqual(op, { name: OP, done: false, hasResponse: false, metadata: { verb: "create" } });
    assert.deepEqual(seen, [{ method: "GET", path: `/v1/${OP}`, headers: HEADERS, body: undefined }]);
    assert.deepEqual(calls, [["get", `/v1/${OP}`]]);
  });

  test("get: a reply naming another operation is ERR_BAD_RESPONSE", async () => {
    const { client, reply } = rig();
    reply(200, opReply("projects/my-project/locations/global/operations/op-2"));
    const e = await failure(client.get(client.name(OP)));
    assert.equal(e.code, "ERR_BAD_RESPONSE");
    assert.equal(e.message, `server returned another operation (/v1/${OP})`);
    assert.equal(e.path, `/v1/${OP}`);
  });

  test("cancel: POST to :cancel with the body {} as JSON; an empty reply is fine", async () => {
    const { client, reply, seen, calls } = rig({ apiVersion: "v1alpha" });
    reply(200, "");
    assert.equal(await client.cancel(client.name(OP)), undefined);
    assert.deepEqual(calls, [["cancel", `/v1alpha/${OP}:cancel`]]);
    assert.deepEqual(seen, [
      {
        method: "POST",
        path: `/v1alpha/${OP}:cancel`,
        headers: { ...HEADERS, "content-type": "application/json" },
        body: "{}",
      },
    ]);
  });

  test("no credentials at all: no authorization header is sent", async () => {
    const { client, reply, seen } = rig({ accessToken: undefined, noAuth: true, quotaProject: undefined });
    reply(200, opReply());
    await client.get(client.name(OP));
    assert.deepEqual(seen[0]!.headers, {
      accept: "application/json",
      "x-goog-api-client": API_CLIENT_HEADER,
    });
  });
});

describe("OperationsClient: retries through the client's own deps", () => {
  test("a transient get is retried on the given clock, with onRetry and onRequest told, random drawn", async () => {
    const retries: unknown[] = [];
    const requests: unknown[] = [];
    const { client, reply, sleeps, seen } = rig(
      { retry: { initialDelayMillis: 100, multiplier: 2, maxDelayMillis: 1_000, jitter: 0.5 } },
      {
        onRetry: (e) => retries.push(e),
        onRequest: (call, path) => requests.push([call, path]),
        random: () => 1,
      },
    );
    reply(503, "");
    reply(200, opReply());
    assert.equal((await client.get(client.name(OP))).name, OP);
    assert.equal(seen.length, 2);
    // jitter 0.5 with random() = 1: the 100 ms delay halved.
    assert.deepEqual(sleeps, [50]);
    assert.deepEqual(retries, [
      { call: "get", path: `/v1/${OP}`, attempt: 1, delayMs: 50, reason: "UNAVAILABLE (HTTP 503)" },
    ]);
    assert.deepEqual(requests, [
      ["get", `/v1/${OP}`],
      ["get", `/v1/${OP}`],
    ]);
  });
});

describe("OperationsClient: list", () => {
  const op = (n: number) => opReply(`${PARENT}/operations/op-${n}`);

  test("listPage: the page size (default or given), filter and page token in the query", async () => {
    const { client, reply, seen, calls } = rig();
    reply(200, { operations: [op(1)], nextPageToken: "next" });
    reply(200, {});
    const parent = client.parent(PARENT);
    const page = await client.listPage(parent);
    assert.deepEqual(page, {
      operations: [{ name: `${PARENT}/operations/op-1`, done: false, hasResponse: false }],
      nextPageToken: "next",
    });
    assert.deepEqual(
      await client.listPage(parent, { pageSize: 5, filter: "done = false", pageToken: "next" }),
      {
        operations: [],
      },
    );
    assert.deepEqual(
      seen.map((s) => [s.method, s.path]),
      [
        ["GET", `/v1/${PARENT}/operations?pageSize=${DEFAULT_PAGE_SIZE}`],
        ["GET", `/v1/${PARENT}/operations?pageSize=5&filter=done+%3D+false&pageToken=next`],
      ],
    );
    assert.deepEqual(seen[0]!.headers, HEADERS);
    assert.deepEqual(calls, [
      ["list", `/v1/${PARENT}/operations`],
      ["list", `/v1/${PARENT}/operations`],
    ]);
  });

  test("listPage: a filter with control characters is refused before anything is sent", async () => {
    const { client, seen } = rig();
    const e = await failure(client.listPage(client.parent(PARENT), { filter: "done = false\n" }));
    assert.equal(e.code, "ERR_INVALID_INPUT");
    assert.equal(e.field, "filter");
    assert.equal(seen.length, 0);
  });

  test("listAll follows the tokens in order and counts the pages", async () => {
    const { client, reply, seen } = rig();
    reply(200, { operations: [op(1), op(2)], nextPageToken: "t2" });
    reply(200, { operations: [op(3)], nextPageToken: "t3" });
    reply(200, { operations: [op(4)] });
    const { operations, pages } = await client.listAll(client.parent(PARENT), { filter: "done = false" });
    assert.deepEqual(
      operations.map((o) => o.name),
      [1, 2, 3, 4].map((n) => `${PARENT}/operations/op-${n}`),
    );
    assert.equal(pages, 3);
    assert.deepEqual(
      seen.map((s) => s.path),
      [
        `/v1/${PARENT}/operations?pageSize=${DEFAULT_PAGE_SIZE}&filter=done+%3D+false`,
        `/v1/${PARENT}/operations?pageSize=${DEFAULT_PAGE_SIZE}&filter=done+%3D+false&pageToken=t2`,
        `/v1/${PARENT}/operations?pageSize=${DEFAULT_PAGE_SIZE}&filter=done+%3D+false&pageToken=t3`,
      ],
    );
  });

  test("listAll reads exactly maxPages pages, and refuses to read one more", async () => {
    const ok = rig({ maxPages: 3 });
    ok.reply(200, { operations: [op(1)], nextPageToken: "a" });
    ok.reply(200, { operations: [op(2)], nextPageToken: "b" });
    ok.reply(200, { operations: [op(3)] });
    assert.equal((await ok.client.listAll(ok.client.parent(PARENT))).pages, 3);

    const over = rig({ maxPages: 3 });
    for (const t of ["a", "b", "c", "d"]) over.reply(200, { operations: [op(1)], nextPageToken: t });
    const e = await failure(over.client.listAll(over.client.parent(PARENT)));
    assert.equal(e.code, "ERR_BAD_RESPONSE");
    assert.equal(e.message, `list of ${PARENT} exceeded maxPages (3)`);
    assert.equal(e.path, `/v1/${PARENT}/operations`);
    assert.equal(over.seen.length, 3);
  });

  test("listAll stops at a page token the server already gave", async () => {
    const { client, reply, seen } = rig();
    reply(200, { operations: [op(1)], nextPageToken: "a" });
    reply(200, { operations: [op(2)], nextPageToken: "b" });
    reply(200, { operations: [op(3)], nextPageToken: "a" });
    const e = await failure(client.listAll(client.parent(PARENT)));
    assert.equal(e.code, "ERR_BAD_RESPONSE");
    assert.equal(e.message, "list repeated a page token");
    assert.equal(e.path, `/v1/${PARENT}/operations`);
    assert.equal(seen.length, 3);
  });

  test("a token repeated on the last allowed page is named as a repeat, not as the page limit", async () => {
    const { client, reply } = rig({ maxPages: 2 });
    reply(200, { operations: [op(1)], nextPageToken: "a" });
    reply(200, { operations: [op(2)], nextPageToken: "a" });
    assert.equal(
      (await failure(client.listAll(client.parent(PARENT)))).message,
      "list repeated a page token",
    );
  });
});

describe("OperationsClient: close", () => {
  test("close closes the transport: no request goes out after it", async () => {
    const { client, agent } = rig();
    let closed = 0;
    const close = agent.close.bind(agent);
    agent.close = (async () => {
      closed++;
      await close();
    }) as MockAgent["close"];
    await client.close();
    assert.equal(closed, 1);
  });
});
