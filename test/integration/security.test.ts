/**
 * Issue 6 (security) over real sockets and real processes: the bearer token goes only to the
 * configured endpoint (no redirects, loopback-only http, CONNECT for https, no cleartext through a
 * proxy), injected input never reaches the wire, no secret surfaces anywhere, and hostile servers
 * are bounded. Input validation without the network is in test/unit/security-inputs.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { OperationsClient } from "../../src/client/operations-client";
import { createCredentials, type Credentials } from "../../src/auth/credentials";
import { startEmulator, type Emulator } from "../../src/emulator";
import { BeyondCorpError } from "../../src/core/errors";
import { operationPath, operationsCollectionPath } from "../../src/lro/names";
import { cancelAndWait } from "../../src/wait/waiter";
import { resolveWatch } from "../../src/wait/watch";
import { within } from "../helpers/bounded";
import { startProxy } from "../helpers/proxy";
import { makeTestCert, startTap, type TestCert } from "../helpers/tls";
import { runCli } from "../helpers/cli";
import { renderSecrets, runSecretGreps } from "../reliability/secrets";

const P = "projects/security-tests/locations/global";
const NO_ENV = {} as NodeJS.ProcessEnv;
const TOKEN = "bcops-security-token-4f1d8a";
const FAST = {
  timeoutMillis: 5_000,
  poll: { initialDelayMillis: 20, multiplier: 1.5, maxDelayMillis: 200, jitter: 0 },
};
const QUICK_RETRY = { initialDelayMillis: 5, multiplier: 2, maxDelayMillis: 20, jitter: 0 };

/** A TCP listener that only counts: any connection or byte means something was sent to it. */
async function startRecorder(): Promise<{
  url: string;
  port: number;
  connections: () => number;
  bytes: () => number;
  close: () => Promise<void>;
}> {
  let connections = 0;
  let bytes = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    connections++;
    sockets.add(s);
    s.on("data", (b: Buffer) => (bytes += b.length));
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    bytes: () => bytes,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
}

/** An HTTP server that records each request and answers with `answer(req)` (JSON). */
async function startApi(
  answer: (req: http.IncomingMessage, n: number) => { status?: number; body: unknown; chunks?: number },
): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", rawHeaders: req.rawHeaders });
    req.resume();
    req.on("end", () => {
      const a = answer(req, seen.length);
      res.writeHead(a.status ?? 200, { "content-type": "application/json" });
      if (a.chunks === undefined) {
        res.end(JSON.stringify(a.body));
        return;
      }
      for (let i = 0; i < a.chunks; i++) res.write(Buffer.alloc(1024 * 1024, 0x20));
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The operation name a path addresses (`/v1/…/operations/x[:cancel]` → `…/operations/x`). */
const nameOfPath = (url: string) =>
  decodeURIComponent(new URL(url, "http://x").pathname)
    .replace(/^\/v1(alpha)?\//, "")
    .replace(/:cancel$/, "");

describe("1a. redirects are never followed: a second server receives nothing", () => {
  let emu: Emulator;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let client: OperationsClient;
  let n = 0;
  before(async () => {
    emu = await startEmulator();
    recorder = await startRecorder();
    client = new OperationsClient(
      { endpoint: emu.url, accessToken: TOKEN, retry: QUICK_RETRY },
      { env: NO_ENV },
    );
  });
  after(async () => {
    await client.close();
    await emu.close();
    await recorder.close();
  });

  const calls = {
    get: (id: string) => client.get(client.name(`${P}/operations/${id}`)),
    cancel: (id: string) => client.cancel(client.name(`${P}/operations/${id}`)),
    list: () => client.listAll(client.parent(P)),
  } as const;

  for (const route of ["get", "cancel", "list"] as const) {
    for (const status of [301, 302, 303, 307, 308]) {
      test(`${route} answered ${status} → ERR_REDIRECT, and the redirect target saw no connection`, async () => {
        const id = `redir-${++n}`;
        emu.seed({ name: `${P}/operations/${id}` });
        const pathPattern = route === "list" ? "/operations$" : `/operations/${id}(:cancel)?$`;
        for (const location of [`${recorder.url}/steal`, `${emu.url}/v1/${P}/operations/elsewhere`]) {
          emu.addFault({ route, pathPattern, fault: { type: "redirect", status, location } });
          emu.clearRequests();
          await assert.rejects(
            calls[route](id),
            (e: unknown) => BeyondCorpError.is(e) && e.code === "ERR_REDIRECT" && e.httpStatus === status,
          );
          assert.equal(emu.requests().length, 1, "one request, no second one to the same host either");
        }
        assert.equal(recorder.connections(), 0, "the redirect target was never contacted");
        assert.equal(recorder.bytes(), 0);
      });
    }
  }
});

describe("1b. http:// only on loopback: the CLI refuses before sending anything", () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  before(async () => (recorder = await startRecorder()));
  after(async () => recorder.close());

  test("--endpoint and GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: exit 2, the field named, the token never sent", async () => {
    const port = recorder.port;
    const endpoints = [
      "http://example.com",
      "http://10.0.0.1:8080",
      `http://[::ffff:127.0.0.1]:${port}`,
      `http://127.0.0.1.evil.com:${port}`,
      `http://127.0.0.1:${port}@evil.com`,
      `https://admin:pw-SECRET@127.0.0.1:${port}`,
    ];
    const env = { GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN };
    const runs = await Promise.all(
      endpoints.flatMap((ep) => [
        runCli(["get", `${P}/operations/a`, "--endpoint", ep], { env }).then((r) => ({
          ep,
          r,
          field: "endpoint",
        })),
        runCli(["get", `${P}/operations/a`], { env: { ...env, GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: ep } }).then(
          (r) => ({
            ep,
            r,
            field: "GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT",
          }),
        ),
      ]),
    );
    for (const { ep, r, field } of runs) {
      assert.equal(r.code, 2, `${ep}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^beyondcorp-ops: ${field}: `), ep);
      assert.ok(!r.stderr.includes("pw-SECRET") && !r.stderr.includes(TOKEN), r.stderr);
    }
    assert.equal(recorder.connections(), 0);
  });
});

describe("1c. CR/LF in any CLI input: exit 2, the input named, nothing sent", () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  before(async () => (recorder = await startRecorder()));
  after(async () => recorder.close());

  const CRLF = "\r\nX-Injected: 1";
  const OP = `${P}/operations/op-1`;
  const au = (field: string) =>
    JSON.stringify({
      type: "authorized_user",
      client_id: "c",
      client_secret: "s",
      refresh_token: "r",
      [field]: `v${CRLF}`,
    });

  test("every flag, positional and environment variable that reaches a request", async () => {
    const ep = () => ["--endpoint", recorder.url];
    const tok = { GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN };
    const cases: Array<[string, string[], NodeJS.ProcessEnv]> = [
      ["name", ["get", `${OP}${CRLF}`, ...ep()], tok],
      ["name", ["cancel", OP, `${OP}${CRLF}`, "--wait", ...ep()], tok],
      ["parent", ["list", `${P}${CRLF}`, ...ep()], tok],
      ["filter", ["list", P, "--filter", `done=false${CRLF}`, ...ep()], tok],
      ["endpoint", ["get", OP, "--endpoint", `${recorder.url}${CRLF}`], tok],
      ["quotaProject", ["get", OP, "--quota-project", `p-1${CRLF}`, ...ep()], tok],
      ["impersonateServiceAccount", ["get", OP, "--impersonate", `a@b.c${CRLF}`, ...ep()], tok],
      ["credentials", ["get", OP, "--credentials", `/tmp/key.json${CRLF}`, ...ep()], {}],
      ["--api-version", ["get", OP, "--api-version", `v1${CRLF}`, ...ep()], tok],
      ["--timeout", ["wait", OP, "--timeout", `1m${CRLF}`, ...ep()], tok],
      ["--on-unsupported", ["cancel", OP, "--on-unsupported", `wait${CRLF}`, ...ep()], tok],
      ["accessToken", ["get", OP, ...ep()], { GOOGLE_OAUTH_ACCESS_TOKEN: `${TOKEN}${CRLF}` }],
      ["credentials.client_id", ["get", OP, ...ep()], { GOOGLE_CREDENTIALS: au("client_id") }],
      ["credentials.quota_project_id", ["get", OP, ...ep()], { GOOGLE_CREDENTIALS: au("quota_project_id") }],
      [
        "quotaProject",
        ["get", OP, ...ep()],
        { ...tok, GOOGLE_BILLING_PROJECT: `p${CRLF}`, USER_PROJECT_OVERRIDE: "true" },
      ],
      [
        "impersonateServiceAccount",
        ["get", OP, ...ep()],
        { ...tok, GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: `a@b${CRLF}` },
      ],
      ["universeDomain", ["get", OP, ...ep()], { ...tok, GOOGLE_UNIVERSE_DOMAIN: `example.com${CRLF}` }],
      ["universeDomain", ["get", OP], { ...tok, GOOGLE_UNIVERSE_DOMAIN: `example.com${CRLF}` }],
      [
        "GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT",
        ["get", OP],
        { ...tok, GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT: `${recorder.url}${CRLF}` },
      ],
    ];
    for (let i = 0; i < cases.length; i += 4) {
      const batch = cases.slice(i, i + 4);
      const runs = await Promise.all(batch.map(([, args, env]) => runCli(args, { env })));
      runs.forEach((r, j) => {
        const [field, args] = batch[j]!;
        assert.equal(r.code, 2, `${field} ${JSON.stringify(args)}: ${r.stderr}`);
        assert.ok(r.stderr.startsWith(`beyondcorp-ops: ${field}: `), `${field}: ${r.stderr}`);
        assert.ok(!r.stderr.includes(TOKEN), r.stderr);
        assert.equal(
          r.stderr.split("\n").length,
          2,
          `one line, nothing injected: ${JSON.stringify(r.stderr)}`,
        );
      });
    }
    assert.equal(recorder.connections(), 0, "no input with CR/LF produced a connection");
  });
});

describe(`1c. property: every request that leaves stays in its API path with fixed headers (10000 runs)`, () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let client: OperationsClient;
  let current: Credentials = createCredentials({ noAuth: true });
  const ALLOWED = [
    "host",
    "connection",
    "authorization",
    "accept",
    "x-goog-api-client",
    "content-type",
    "content-length",
    "x-goog-user-project",
  ];
  before(async () => {
    api = await startApi((req) =>
      (req.url ?? "").split("?")[0]!.endsWith("/operations")
        ? { body: {} }
        : req.method === "GET"
          ? { body: { name: nameOfPath(req.url ?? "") } }
          : { body: {} },
    );
    const creds: Credentials = {
      headers: () => current.headers(),
      invalidate: () => undefined,
      refreshable: false,
    };
    client = new OperationsClient({ endpoint: api.url, maxAttempts: 1 }, { env: NO_ENV, credentials: creds });
  });
  after(async () => {
    await client.close();
    await api.close();
  });

  test("names, parents, filters, access tokens and quota projects with control characters", async () => {
    const bad = [
      "\r",
      "\n",
      "\r\nX-Injected: 1",
      "\u0000",
      "\t",
      " ",
      "%0d%0a",
      "/../",
      "?x=1",
      "#",
      "\u2028",
      "\u0085",
    ];
    const withBad = (valid: string) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(valid) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.nat({ max: valid.length }), fc.constantFrom(...bad))
            .map(([at, b]) => `${valid.slice(0, at)}${b}${valid.slice(at)}`),
        },
      );
    const arb = fc.record({
      call: fc.constantFrom("get", "cancel", "list"),
      name: withBad(`${P}/operations/op-1`),
      parent: withBad(P),
      filter: withBad('metadata.target="x" AND done=false'),
      token: withBad(TOKEN),
      quota: withBad("billing-project"),
    });
    let sent = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (v) => {
        const before = api.seen.length;
        let expected: string;
        try {
          current = createCredentials({ accessToken: v.token, quotaProject: v.quota });
          if (v.call === "list") {
            const parent = client.parent(v.parent);
            expected = operationsCollectionPath(parent);
            await client.listPage(parent, { filter: v.filter });
          } else {
            const name = client.name(v.name);
            expected = operationPath(name) + (v.call === "cancel" ? ":cancel" : "");
            await (v.call === "get" ? client.get(name) : client.cancel(name));
          }
        } catch (err) {
          assert.ok(BeyondCorpError.is(err) && err.code === "ERR_INVALID_INPUT" && err.field, String(err));
          assert.equal(api.seen.length, before, "a refused input sends nothing");
          refused++;
          return;
        }
        sent++;
        assert.equal(api.seen.length, before + 1);
        const req = api.seen[before]!;
        const url = new URL(req.url, api.url);
        assert.equal(url.pathname, expected);
        assert.ok(
          [...url.searchParams.keys()].every((k) => k === "pageSize" || k === "filter"),
          req.url,
        );
        const names = req.rawHeaders.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase());
        assert.ok(
          names.every((h) => ALLOWED.includes(h)),
          names.join(","),
        );
        assert.ok(
          req.rawHeaders.includes(`Bearer ${v.token}`) || req.rawHeaders.includes(`bearer ${v.token}`),
        );
      }),
      { numRuns: 10_000 },
    );
    process.stdout.write(`# request property: ${sent} requests sent, ${refused} inputs refused\n`);
    assert.ok(sent > 1000 && refused > 1000, `${sent} sent, ${refused} refused`);
  });

  test("undici is the last line: a CR/LF header value that bypassed validation is refused, nothing sent", async () => {
    const before = api.seen.length;
    current = {
      headers: async () => ({ authorization: `Bearer x\r\nX-Injected: 1` }),
      invalidate: () => undefined,
      refreshable: false,
    };
    await assert.rejects(client.get(client.name(`${P}/operations/op-1`)), (e: unknown) => {
      assert.ok(BeyondCorpError.is(e) && e.code === "ERR_INVALID_INPUT", String(e));
      assert.ok(!/[\r\n]/.test(e.message));
      return true;
    });
    assert.equal(api.seen.length, before);
  });
});

describe("1d. proxies: CONNECT for https, and never a bearer token in cleartext through a proxy", () => {
  let cert: TestCert;
  before(() => (cert = makeTestCert()));
  after(() => cert.cleanup());

  test("the CLI tunnels https://localhost through HTTPS_PROXY with CONNECT; the proxy never sees the token", async () => {
    const emu = await startEmulator({ auth: true, tls: { key: cert.key, cert: cert.cert } });
    const proxy = await startProxy();
    const tap = await startTap(proxy.url);
    try {
      const token = emu.issueToken();
      const name = `${P}/operations/tls-1`;
      emu.seed({ name, cancelDelayMs: 50 });
      const endpoint = `https://localhost:${emu.port}`;
      const r = await runCli(["cancel", name, "--wait", "--json", "--endpoint", endpoint], {
        env: { HTTPS_PROXY: tap.url, NODE_EXTRA_CA_CERTS: cert.certPath, GOOGLE_OAUTH_ACCESS_TOKEN: token },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as Array<{ outcome: string }>)[0]!.outcome, "CANCELLED");
      assert.ok(proxy.log.includes(`CONNECT localhost:${emu.port}`), proxy.log.join("\n"));
      assert.ok(
        proxy.log.every((l) => l === `CONNECT localhost:${emu.port}`),
        proxy.log.join("\n"),
      );
      const wire = tap.sent().toString("latin1");
      assert.match(wire, new RegExp(`^CONNECT localhost:${emu.port} HTTP/1\\.1\\r\\n`));
      assert.ok(!wire.includes(token), "the token crossed the proxy only inside TLS");
      assert.ok(!wire.includes(name), "so did the request line");
      const api = emu.requests();
      assert.ok(api.length >= 2 && api.every((e) => e.authorized && e.bearerPresent), JSON.stringify(api));
    } finally {
      await tap.close();
      await proxy.close();
      await emu.close();
    }
  });

  test("certificates are verified: without the CA the CLI fails and the server never sees a request", async () => {
    const emu = await startEmulator({ auth: true, tls: { key: cert.key, cert: cert.cert } });
    const proxy = await startProxy();
    try {
      emu.seed({ name: `${P}/operations/tls-2` });
      const r = await runCli(
        ["get", `${P}/operations/tls-2`, "--endpoint", `https://localhost:${emu.port}`],
        { env: { HTTPS_PROXY: proxy.url, GOOGLE_OAUTH_ACCESS_TOKEN: emu.issueToken() } },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /network error/);
      assert.equal(emu.requests().length, 0);
    } finally {
      await proxy.close();
      await emu.close();
    }
  });

  test("http:// on loopback with a token bypasses HTTP_PROXY (the token would cross it in cleartext)", async () => {
    const emu = await startEmulator({ auth: true });
    const proxy = await startProxy();
    const tap = await startTap(proxy.url);
    const token = emu.issueToken();
    const c = new OperationsClient(
      { endpoint: emu.url, accessToken: token },
      { env: { HTTP_PROXY: tap.url, HTTPS_PROXY: tap.url } },
    );
    try {
      emu.seed({ name: `${P}/operations/px-1`, cancelDelayMs: 20 });
      const report = await within(
        10_000,
        (signal) => cancelAndWait(c, [c.name(`${P}/operations/px-1`)], FAST, { signal }),
        "cancelAndWait(px-1) past HTTP_PROXY",
      );
      assert.equal(report.results[0]!.outcome, "CANCELLED");
      assert.equal(tap.connections(), 0, tap.sent().toString("latin1"));
      assert.ok(emu.requests().every((e) => e.authorized));
    } finally {
      await c.close();
      await tap.close();
      await proxy.close();
      await emu.close();
    }
  });
});

describe("2. no secret in plaintext in output, errors or logs", () => {
  test("runSecretGreps: library and CLI, success and failure paths, 0 secrets found", async () => {
    const r = await runSecretGreps();
    process.stdout.write(
      `# secret greps: ${r.places} places, ${r.greps} greps, ${r.secretsFound} secrets found\n`,
    );
    assert.equal(r.secretsFound, 0, r.details.filter((d) => d.startsWith("LEAK")).join("\n"));
    assert.ok(r.places > 150, `${r.places} places`);
    for (const [what, count] of Object.entries(r.exercised)) assert.ok(count > 0, `not exercised: ${what}`);
    const ok = r.scenarios.filter((s) => /outcome CANCELLED|cancel exit 0 CANCELLED/.test(s.result));
    assert.ok(
      ok.length >= 6,
      "success paths really succeeded (token, authorized_user, external_account × library, CLI)",
    );
    assert.match(renderSecrets(r), /Secrets found: 0\./);
  });
});

describe("3. limits against a hostile server", () => {
  const NAME = `${P}/operations/op-1`;

  test("response size: a chunked body without Content-Length is cut at maxResponseBytes", async () => {
    const api = await startApi(() => ({ body: {}, chunks: 5 }));
    const c = new OperationsClient({ endpoint: api.url, noAuth: true, maxAttempts: 1 }, { env: NO_ENV });
    try {
      await assert.rejects(c.get(c.name(NAME)), /exceeds maxResponseBytes \(4194304 bytes\)/);
    } finally {
      await c.close();
      await api.close();
    }
  });

  test("page count: a server that pages forever costs exactly maxPages (100) requests", async () => {
    const api = await startApi((_req, n) => ({ body: { nextPageToken: `t-${n}` } }));
    const c = new OperationsClient({ endpoint: api.url, noAuth: true }, { env: NO_ENV });
    try {
      await assert.rejects(c.listAll(c.parent(P)), /exceeded maxPages \(100\)/);
      assert.equal(api.seen.length, 100);
    } finally {
      await c.close();
      await api.close();
    }
  });

  test("a repeated page token stops the list after the second page", async () => {
    const api = await startApi(() => ({ body: { nextPageToken: "same" } }));
    const c = new OperationsClient({ endpoint: api.url, noAuth: true }, { env: NO_ENV });
    try {
      await assert.rejects(c.listAll(c.parent(P)), /repeated a page token/);
      assert.equal(api.seen.length, 2);
    } finally {
      await c.close();
      await api.close();
    }
  });

  const HOSTILE = [
    `${P}/operations/../../x`,
    `${P}/operations/a/../../x`,
    `${P}/operations/op%2F..%2Fx`,
    `${P}/operations/op?x=1`,
    `${P}/operations/op\r\nX-Injected: 1`,
    "projects/other-project/locations/global/operations/x",
    "organizations/123/locations/global/operations/x",
    `${P.replace("global", "us-east1")}/operations/x`,
    "//evil.example.com/x",
    42,
  ];
  for (const bad of HOSTILE) {
    test(`a list answer naming ${JSON.stringify(bad)} is rejected and that name is never requested`, async () => {
      const legit = [`${P}/operations/legit-1`, `${P}/operations/legit-2`];
      const cancelled = new Set<string>();
      const api = await startApi((req) => {
        const p = new URL(req.url ?? "/", "http://x").pathname;
        const op = (name: unknown) => ({
          name,
          metadata: { target: "t" },
          ...(cancelled.has(name as string) ? { done: true, error: { code: 1, message: "cancelled" } } : {}),
        });
        if (p.endsWith("/operations")) return { body: { operations: [...legit.map(op), op(bad)] } };
        if (p.endsWith(":cancel")) cancelled.add(nameOfPath(p));
        return { body: req.method === "GET" ? op(nameOfPath(p)) : {} };
      });
      const c = new OperationsClient({ endpoint: api.url, noAuth: true, maxAttempts: 1 }, { env: NO_ENV });
      try {
        const isBadResponse = (e: unknown) => BeyondCorpError.is(e) && e.code === "ERR_BAD_RESPONSE";
        await assert.rejects(c.listAll(c.parent(P)), isBadResponse);
        await assert.rejects(resolveWatch(c, { parent: c.parent(P), targets: ["t"] }), isBadResponse);
        // Two operations under one parent: the waiter polls them with a list, meets the bad name,
        // and falls back to one get each.
        const report = await within(
          10_000,
          (signal) =>
            cancelAndWait(
              c,
              legit.map((n) => c.name(n)),
              FAST,
              { signal },
            ),
          "cancelAndWait(legit-1, legit-2) after a hostile list",
        );
        assert.deepEqual(
          report.results.map((r) => r.outcome),
          ["CANCELLED", "CANCELLED"],
        );
        const paths = api.seen.map((s) => new URL(s.url, api.url).pathname);
        assert.ok(paths.includes(`/v1/${P}/operations`), "the list was tried");
        const allowed = new Set([
          `/v1/${P}/operations`,
          ...legit.flatMap((n) => [`/v1/${n}`, `/v1/${n}:cancel`]),
        ]);
        assert.ok(
          paths.every((p) => allowed.has(p)),
          paths.join("\n"),
        );
      } finally {
        await c.close();
        await api.close();
      }
    });
  }
});
