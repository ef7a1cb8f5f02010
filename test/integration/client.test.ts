import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator } from "../../src/emulator";
import { OperationsClient } from "../../src/client/operations-client";
import { cancelAndWait, type WaitReport } from "../../src/wait/waiter";
import { BeyondCorpError } from "../../src/core/errors";
import type { OperationName } from "../../src/lro/names";
import type { WaitOptions } from "../../src/options/wait";
import { resolveWatch } from "../../src/wait/watch";
import { within } from "../helpers/bounded";
import { startProxy } from "../helpers/proxy";

const P = "projects/demo-project/locations/global";
const FAST = { poll: { initialDelayMillis: 20, multiplier: 1.3, maxDelayMillis: 200, jitter: 0 } };
const QUICK_RETRY = { initialDelayMillis: 5, multiplier: 2, maxDelayMillis: 50, jitter: 0 };
const NO_ENV = {} as NodeJS.ProcessEnv;
/** Every wait below ends in about a second: one still running after 10 s is a hang. */
const BOUND_MS = 10_000;

/** cancelAndWait, bounded: a hang fails in seconds, names the operations, and aborts the wait. */
function boundedWait(
  c: OperationsClient,
  names: readonly OperationName[],
  options: WaitOptions,
  what = "",
): Promise<WaitReport> {
  const ops = names.length > 3 ? `${names.length} operations` : names.map((n) => n.operation).join(", ");
  const label = `cancelAndWait(${ops})${what ? ` ${what}` : ""}`;
  return within(BOUND_MS, (signal) => cancelAndWait(c, names, options, { signal }), label);
}

describe("client and waiter over real sockets", () => {
  let emu: Emulator;
  let client: OperationsClient;
  let n = 0;
  const fresh = (spec: Record<string, unknown> = {}) => {
    const name = `${P}/operations/op-${++n}`;
    emu.seed({ name, ...spec });
    return client.name(name);
  };

  before(async () => {
    emu = await startEmulator();
    client = new OperationsClient({ endpoint: emu.url, noAuth: true, retry: QUICK_RETRY }, { env: NO_ENV });
  });
  after(async () => {
    await client.close();
    await emu.close();
  });

  const cases: Array<[string, Record<string, unknown>, string, Record<string, unknown>?]> = [
    ["cancel after a delay", { cancelDelayMs: 100 }, "CANCELLED"],
    ["completes anyway", { onCancel: "complete", cancelDelayMs: 50 }, "SUCCEEDED"],
    ["fails with another code", { onCancel: "fail", failCode: 10 }, "FAILED"],
    ["UNIMPLEMENTED, waited out", { onCancel: "unimplemented", doneAfterMs: 300 }, "CANCEL_UNSUPPORTED"],
    [
      "UNIMPLEMENTED, abandon",
      { onCancel: "unimplemented" },
      "CANCEL_UNSUPPORTED",
      { onCancelUnsupported: "abandon" },
    ],
    ["accepted but never finishes", { onCancel: "ignore" }, "TIMED_OUT", { timeoutMillis: 400 }],
    ["disappears", { onCancel: "ignore", goneAfterMs: 150 }, "NOT_FOUND"],
    ["already done", { doneAfterMs: 0 }, "ALREADY_DONE"],
  ];
  for (const [label, spec, outcome, opts] of cases) {
    test(`${label} → ${outcome}`, async () => {
      const name = fresh(spec);
      const report = await boundedWait(client, [name], { ...FAST, ...(opts ?? {}) }, `→ ${outcome}`);
      assert.equal(report.results[0]!.outcome, outcome, JSON.stringify(report.results[0]));
    });
  }

  test("FAILED keeps the operation's error", async () => {
    const report = await boundedWait(client, [fresh({ onCancel: "fail", failCode: 10 })], FAST);
    assert.equal(report.results[0]!.error?.status, "ABORTED");
  });

  test("batching: 50 operations under one parent cost one list per round, against one get per operation", async () => {
    const parent = `${P.replace("demo-project", "batch-project")}`;
    const names = Array.from({ length: 50 }, (_, i) => {
      const name = `${parent}/operations/b-${i}`;
      emu.seed({ name, cancelDelayMs: 400 + i * 4 });
      return client.name(name);
    });
    emu.clearRequests();
    const batched = await boundedWait(client, names, FAST, "batched");
    const log1 = emu.requests().filter((r) => r.path.includes("batch-project"));
    assert.ok(batched.results.every((r) => r.outcome === "CANCELLED"));
    const names2 = Array.from({ length: 50 }, (_, i) => {
      const name = `${parent}/operations/g-${i}`;
      emu.seed({ name, cancelDelayMs: 400 + i * 4 });
      return client.name(name);
    });
    emu.clearRequests();
    const single = await boundedWait(client, names2, { ...FAST, batchByParent: false }, "one get each");
    const log2 = emu.requests().filter((r) => r.path.includes("batch-project"));
    const count = (log: typeof log1, route: string) => log.filter((r) => r.route === route).length;
    process.stdout.write(
      `# batching, 50 ops: list-batched ${log1.length} requests (${count(log1, "list")} list, ${count(log1, "cancel")} cancel, ${count(log1, "get")} get); one-get-per-op ${log2.length} requests (${count(log2, "get")} get)\n`,
    );
    assert.equal(count(log1, "get"), 0);
    assert.equal(count(log1, "cancel"), 50);
    assert.ok(log1.length < log2.length / 3, `${log1.length} vs ${log2.length}`);
    assert.equal(batched.requests, log1.length, "the report counts what the server saw");
    assert.ok(single.results.every((r) => r.outcome === "CANCELLED"));
  });

  test("a watch finds the in-flight operations on a target", async () => {
    const gw = `${P}/securityGateways/gw-watch`;
    emu.seed({ name: `${P}/operations/w-1`, target: gw });
    emu.seed({ name: `${P}/operations/w-2`, target: gw, doneAfterMs: 0 });
    emu.seed({ name: `${P}/operations/w-3`, target: `${P}/securityGateways/other` });
    const names = await resolveWatch(client, { parent: client.parent(P), targets: [gw] });
    assert.deepEqual(
      names.map((x) => x.operation),
      ["w-1"],
    );
  });

  const faults: Array<[string, Record<string, unknown>, "retried" | string]> = [
    ["503 with Retry-After", { type: "status", status: 503, retryAfter: "0" }, "retried"],
    ["429 without Retry-After", { type: "status", status: 429 }, "retried"],
    ["500", { type: "status", status: 500 }, "retried"],
    ["502", { type: "status", status: 502 }, "retried"],
    ["504", { type: "status", status: 504 }, "retried"],
    ["connection reset", { type: "reset" }, "retried"],
    ["403", { type: "status", status: 403 }, "PERMISSION_DENIED"],
    ["501", { type: "status", status: 501 }, "UNIMPLEMENTED"],
    ["malformed JSON", { type: "malformed" }, "ERR_BAD_RESPONSE"],
    ["wrong shape", { type: "wrong-shape" }, "ERR_BAD_RESPONSE"],
    ["oversized body", { type: "oversized", bytes: 5 * 1024 * 1024 }, "ERR_BAD_RESPONSE"],
    [
      "redirect to another host",
      { type: "redirect", status: 302, location: "http://127.0.0.2:1/steal" },
      "ERR_REDIRECT",
    ],
  ];
  for (const [label, fault, expected] of faults) {
    test(`get with fault ${label}: ${expected}`, async () => {
      const name = fresh({});
      emu.addFault({ route: "get", pathPattern: `/operations/${name.operation}$`, fault: fault as never });
      const attempt = within(BOUND_MS, (signal) => client.get(name, { signal }), `get with fault ${label}`);
      if (expected === "retried") {
        const op = await attempt;
        assert.equal(op.done, false);
        return;
      }
      await assert.rejects(
        attempt,
        (err: unknown) => BeyondCorpError.is(err) && (err.code === expected || err.status === expected),
      );
    });
  }

  test("slow response beyond the request timeout is retried, then succeeds", async () => {
    const c = new OperationsClient(
      { endpoint: emu.url, noAuth: true, requestTimeoutMillis: 200, retry: QUICK_RETRY },
      { env: NO_ENV },
    );
    const name = fresh({});
    emu.addFault({
      route: "get",
      pathPattern: `/operations/${name.operation}$`,
      fault: { type: "hang", ms: 1000 },
    });
    const retries: string[] = [];
    const op = await within(
      BOUND_MS,
      (signal) => c.get(name, { signal, onRetry: (e) => retries.push(e.reason) }),
      "get past a hung response",
    );
    assert.equal(op.done, false);
    assert.deepEqual(retries, ["ERR_REQUEST_TIMEOUT"]);
    await c.close();
  });

  test("list follows pages and validates names; a server that pages forever is bounded", async () => {
    const parent = `${P.replace("demo-project", "paging-project")}`;
    for (let i = 0; i < 7; i++) emu.seed({ name: `${parent}/operations/p-${i}` });
    const { operations, pages } = await client.listAll(client.parent(parent), { pageSize: 2 });
    assert.equal(operations.length, 7);
    assert.equal(pages, 4);
    const bounded = new OperationsClient({ endpoint: emu.url, noAuth: true, maxPages: 2 }, { env: NO_ENV });
    await assert.rejects(bounded.listAll(bounded.parent(parent), { pageSize: 2 }), /exceeded maxPages/);
    await bounded.close();
  });
});

describe("credentials through google-auth-library's real flows", () => {
  let emu: Emulator;
  /** Credentials files and subject tokens; removed with everything in it after the suite. */
  let dir: string;
  before(async () => {
    emu = await startEmulator({ auth: true });
    dir = mkdtempSync(path.join(tmpdir(), "bcops-cred-"));
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("no credentials → 401 UNAUTHENTICATED, not retried", async () => {
    const c = new OperationsClient({ endpoint: emu.url, noAuth: true }, { env: NO_ENV });
    emu.seed({ name: `${P}/operations/auth-0` });
    await assert.rejects(
      c.get(c.name(`${P}/operations/auth-0`)),
      (e: unknown) => BeyondCorpError.is(e) && e.status === "UNAUTHENTICATED" && e.httpStatus === 401,
    );
    await c.close();
  });

  test("access token from GOOGLE_OAUTH_ACCESS_TOKEN", async () => {
    const c = new OperationsClient(
      { endpoint: emu.url },
      { env: { GOOGLE_OAUTH_ACCESS_TOKEN: emu.issueToken() } },
    );
    emu.seed({ name: `${P}/operations/auth-1` });
    assert.equal((await c.get(c.name(`${P}/operations/auth-1`))).done, false);
    await c.close();
  });

  test("authorized_user refresh flow, with a 401 → one refresh → success", async () => {
    const file = path.join(dir, "adc.json");
    writeFileSync(
      file,
      JSON.stringify({
        type: "authorized_user",
        client_id: "cid",
        client_secret: "csecret",
        refresh_token: "rtoken",
      }),
    );
    const c = new OperationsClient(
      { endpoint: emu.url, credentials: file, oauth2TokenUrl: `${emu.url}/token` },
      { env: NO_ENV },
    );
    emu.seed({ name: `${P}/operations/auth-2` });
    emu.clearRequests();
    assert.equal((await c.get(c.name(`${P}/operations/auth-2`))).done, false);
    emu.addFault({ route: "get", fault: { type: "unauthenticated" } });
    assert.equal((await c.get(c.name(`${P}/operations/auth-2`))).done, false);
    const log = emu.requests();
    assert.equal(
      log.filter((r) => r.route === "token").length,
      2,
      "token fetched, then refreshed once after the 401",
    );
    assert.ok(log.some((r) => r.route === "get" && r.identity?.startsWith("authorized_user")));
    await c.close();
  });

  test("external_account (workload identity federation) STS exchange via GOOGLE_CREDENTIALS contents", async () => {
    const subject = path.join(dir, "subject-token");
    writeFileSync(subject, "header.payload.signature");
    const json = JSON.stringify({
      type: "external_account",
      audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x",
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      token_url: `${emu.url}/v1/token`,
      credential_source: { file: subject },
    });
    const c = new OperationsClient({ endpoint: emu.url }, { env: { GOOGLE_CREDENTIALS: json } });
    emu.seed({ name: `${P}/operations/auth-3` });
    assert.equal((await c.get(c.name(`${P}/operations/auth-3`))).done, false);
    await c.close();
  });

  test("service account impersonation through the IAM Credentials endpoint", async () => {
    const c = new OperationsClient(
      {
        endpoint: emu.url,
        accessToken: emu.issueToken(),
        impersonateServiceAccount: "deployer@demo-project.iam.gserviceaccount.com",
        iamCredentialsEndpoint: emu.url,
      },
      { env: NO_ENV },
    );
    emu.seed({ name: `${P}/operations/auth-4` });
    emu.clearRequests();
    assert.equal((await c.get(c.name(`${P}/operations/auth-4`))).done, false);
    assert.ok(
      emu.requests().some((r) => r.route === "get" && r.identity?.includes("deployer@")),
      JSON.stringify(emu.requests()),
    );
    await c.close();
  });

  test("quota project is sent as x-goog-user-project, the token only to the endpoint", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ name: `${P}/operations/auth-5` }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = new OperationsClient(
      { endpoint: url, accessToken: "tok-123", quotaProject: "billing-project" },
      { env: NO_ENV },
    );
    await c.get(c.name(`${P}/operations/auth-5`));
    assert.equal(seen[0]?.["x-goog-user-project"], "billing-project");
    assert.equal(seen[0]?.authorization, "Bearer tok-123");
    await c.close();
    server.close();
  });
});

describe("proxy", () => {
  test("HTTP_PROXY routes every request through a real local proxy", async () => {
    const emu = await startEmulator();
    const proxy = await startProxy();
    const c = new OperationsClient({ endpoint: emu.url, noAuth: true }, { env: { HTTP_PROXY: proxy.url } });
    emu.seed({ name: `${P}/operations/px-1`, cancelDelayMs: 50 });
    const report = await boundedWait(c, [c.name(`${P}/operations/px-1`)], FAST, "through the proxy");
    assert.equal(report.results[0]!.outcome, "CANCELLED");
    assert.ok(proxy.log.length >= 3, proxy.log.join("\n"));
    assert.ok(
      proxy.log.every((l) => l.includes(emu.url)),
      proxy.log.join("\n"),
    );
    await c.close();
    await proxy.close();
    await emu.close();
  });

  test("NO_PROXY bypasses the proxy", async () => {
    const emu = await startEmulator();
    const proxy = await startProxy();
    const c = new OperationsClient(
      { endpoint: emu.url, noAuth: true },
      { env: { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" } },
    );
    emu.seed({ name: `${P}/operations/px-2` });
    await c.get(c.name(`${P}/operations/px-2`));
    assert.equal(proxy.log.length, 0);
    await c.close();
    await proxy.close();
    await emu.close();
  });
});
