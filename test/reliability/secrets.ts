/**
 * Secret greps (issue 6): run the library and the real CLI with distinctive secrets across success
 * and failure paths, then grep every place a secret could surface: stdout, stderr, `--json` output,
 * each thrown error's message, stack, JSON and full inspection (causes included), the emulators'
 * request logs and the raw bytes that crossed the proxy. The count of secrets found must be 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { OperationsClient } from "../../src/client/operations-client";
import { startEmulator, type Emulator, type FaultSpec } from "../../src/emulator";
import type { ConnectionOptions } from "../../src/options/connection";
import { cancelAndWait } from "../../src/wait/waiter";
import { makeTestCert, startRoutingProxy, startTap, type TestCert } from "../helpers/tls";
import { runCli } from "../helpers/cli";

export interface SecretGrepResult {
  /** Places grepped: one stdout, one error message, one request log… */
  places: number;
  /** places × secrets. */
  greps: number;
  secretsFound: number;
  /** One line per scenario, then one line per leak (naming the secret, never showing it). */
  details: string[];
  /** Per scenario: places grepped, secrets found, and what happened (exit codes, outcomes, error codes). */
  scenarios: Array<{ scenario: string; places: number; found: number; result: string }>;
  /** Proof the secrets were really in play (sent to the token servers, bearer requests served). */
  exercised: Record<string, number>;
}

/** Distinctive throw-away secrets. None has a prefix the redaction knows (ya29., eyJ, 1//). */
const SECRETS = {
  accessToken: "bcops-ACCESS-7c1e9b55d0",
  refreshToken: "bcops-REFRESH-91b3aa04e2",
  clientSecret: "bcops-CLIENTSECRET-3c77e1f9",
  subjectToken: "bcops-SUBJECT-0d4e6b12aa",
  issuedToken: "bcops-ISSUED-a8c51f30bb",
  endpointPassword: "bcops-PASSWORD-5e2d9c01",
} as const;

/** A secret counts as found if it appears whole, without its prefix, or by its last 10 characters. */
const needles = (v: string) => [v, v.slice("bcops-".length), v.slice(-10)];

const P = "projects/secret-greps/locations/global";
const TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
/** The token-server behaviours, selected by client_id (authorized_user) or the audience (STS). */
const MODES = ["ok", "400", "500", "malformed", "crlf", "no-token"] as const;
type Mode = (typeof MODES)[number];

class Greps {
  readonly scenarios = new Map<string, { places: number; found: number; result: string }>();
  readonly leaks: string[] = [];
  places = 0;
  greps = 0;
  found = 0;

  check(scenario: string, place: string, text: string): void {
    const s = this.scenarios.get(scenario) ?? { places: 0, found: 0, result: "" };
    this.scenarios.set(scenario, s);
    this.places++;
    s.places++;
    for (const [label, value] of Object.entries(SECRETS)) {
      this.greps++;
      if (needles(value).some((n) => text.includes(n))) {
        this.found++;
        s.found++;
        this.leaks.push(`LEAK: ${label} in ${scenario}: ${place}`);
      }
    }
  }

  /** Record what happened in a scenario (exit codes, outcomes, error codes). */
  note(scenario: string, what: string): void {
    const s = this.scenarios.get(scenario) ?? { places: 0, found: 0, result: "" };
    this.scenarios.set(scenario, s);
    s.result = s.result ? `${s.result}; ${what}` : what;
  }

  /** message, stack, JSON.stringify and util.inspect (which prints `cause` chains and properties). */
  error(scenario: string, err: unknown): void {
    const e = err as Error;
    this.note(scenario, String((err as { code?: unknown })?.code ?? e?.name));
    this.check(scenario, "error.message", String(e?.message));
    this.check(scenario, "error.stack", String(e?.stack));
    this.check(scenario, "JSON.stringify(error)", JSON.stringify(err) ?? "");
    this.check(scenario, "util.inspect(error)", inspect(err, { depth: Infinity, showHidden: true }));
  }
}

interface TokenServer {
  url: string;
  port: number;
  /** Request bodies received (to prove the secrets were sent where they belong). */
  bodies: string[];
  close(): Promise<void>;
}

function tokenAnswer(mode: Mode, res: http.ServerResponse): void {
  const json = (status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  };
  const ok = { expires_in: 3600, token_type: "Bearer", issued_token_type: TOKEN_TYPE };
  switch (mode) {
    case "ok":
      return json(200, JSON.stringify({ access_token: SECRETS.issuedToken, ...ok }));
    case "400":
      return json(400, JSON.stringify({ error: "invalid_grant", error_description: "Bad Request" }));
    case "500":
      return json(500, "internal error");
    case "malformed":
      return json(200, `{"access_token": "${SECRETS.issuedToken}", "expires_in": 36`);
    case "crlf":
      return json(200, JSON.stringify({ access_token: `${SECRETS.issuedToken}\r\nX-Injected: 1`, ...ok }));
    case "no-token":
      return json(200, JSON.stringify(ok));
  }
}

/** An OAuth token endpoint (`/token`) and STS (`/v1/token`) whose answer depends on the mode. */
async function startTokenServer(cert?: TestCert): Promise<TokenServer> {
  const bodies: string[] = [];
  const handler: http.RequestListener = (req, res) => {
    let body = "";
    req.on("data", (b: Buffer) => (body += b.toString("utf8")));
    req.on("end", () => {
      bodies.push(body);
      const form = new URLSearchParams(body);
      const selector = `${form.get("client_id") ?? ""} ${form.get("audience") ?? ""}`;
      const mode = MODES.find((m) => selector.includes(`mode-${m}`)) ?? "ok";
      tokenAnswer(mode, res);
    });
  };
  const server = cert
    ? https.createServer({ key: cert.key, cert: cert.cert }, handler)
    : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${cert ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const authorizedUser = (mode: Mode) =>
  JSON.stringify({
    type: "authorized_user",
    client_id: `mode-${mode}.apps.example.com`,
    client_secret: SECRETS.clientSecret,
    refresh_token: SECRETS.refreshToken,
  });

const externalAccount = (mode: Mode, tokenUrl: string, subjectFile: string) =>
  JSON.stringify({
    type: "external_account",
    audience: `//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/mode-${mode}`,
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    token_url: tokenUrl,
    credential_source: { file: subjectFile },
  });

/** Malformed credentials that still hold secrets. */
const BAD_JSON: Array<[string, string]> = [
  ["syntax error", `{"type": "authorized_user", "refresh_token": "${SECRETS.refreshToken}", `],
  ["an array", `["${SECRETS.refreshToken}", "${SECRETS.clientSecret}"]`],
  ["no type", JSON.stringify({ refresh_token: SECRETS.refreshToken, client_secret: SECRETS.clientSecret })],
  ["unknown type", JSON.stringify({ type: "weird", client_secret: SECRETS.clientSecret })],
  [
    "authorized_user without client_id",
    JSON.stringify({
      type: "authorized_user",
      client_secret: SECRETS.clientSecret,
      refresh_token: SECRETS.refreshToken,
    }),
  ],
  [
    "a control character in a field",
    authorizedUser("ok").replace(SECRETS.refreshToken, `${SECRETS.refreshToken}\\r\\n`),
  ],
];

/** Everything a scenario needs: emulators, token servers, proxy, files. */
interface Rig {
  emuHttp: Emulator;
  emuTls: Emulator;
  tokenHttp: TokenServer;
  tokenTls: TokenServer;
  cert: TestCert;
  dir: string;
  subjectFile: string;
  proxyUrl: string;
  greps: Greps;
  opCounter: { n: number };
}

function freshOp(rig: Rig, emu: Emulator, fault?: FaultSpec["fault"]): string {
  const id = `sg-${++rig.opCounter.n}`;
  const name = `${P}/operations/${id}`;
  emu.seed({ name, cancelDelayMs: 20 });
  if (fault) emu.addFault({ route: "any", pathPattern: `/operations/${id}(:cancel)?$`, times: -1, fault });
  return name;
}

/** Tee process output while `fn` runs, so library logging is grepped too. */
async function capturingOutput<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const tee =
    (orig: typeof out) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = tee(out) as typeof process.stdout.write;
  process.stderr.write = tee(err) as typeof process.stderr.write;
  try {
    const value = await fn();
    await new Promise((r) => setImmediate(r)); // let queued warnings print
    return { value, output: chunks.join("") };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const FAST = {
  timeoutMillis: 5_000,
  poll: { initialDelayMillis: 20, multiplier: 1.5, maxDelayMillis: 200, jitter: 0 },
};
const QUICK = {
  maxAttempts: 2,
  retry: { initialDelayMillis: 5, multiplier: 2, maxDelayMillis: 20, jitter: 0 },
};

/** One library scenario: build a client, get, cancel and wait; grep every error, report and output. */
async function libraryScenario(
  rig: Rig,
  scenario: string,
  options: ConnectionOptions,
  fault?: FaultSpec["fault"],
): Promise<void> {
  const { greps } = rig;
  const { output } = await capturingOutput(async () => {
    let client: OperationsClient;
    try {
      client = new OperationsClient({ endpoint: rig.emuHttp.url, ...QUICK, ...options }, { env: {} });
    } catch (err) {
      greps.error(scenario, err);
      return;
    }
    try {
      const name = client.name(freshOp(rig, rig.emuHttp, fault));
      await client.get(name).then(
        () => greps.note(scenario, "get ok"),
        (err: unknown) => greps.error(scenario, err),
      );
      const report = await cancelAndWait(client, [name], FAST).catch((err: unknown) => {
        greps.error(scenario, err);
        return undefined;
      });
      if (report) {
        greps.note(scenario, `outcome ${report.results.map((r) => r.outcome).join(",")}`);
        greps.check(scenario, "cancelAndWait report (JSON)", JSON.stringify(report));
      }
    } finally {
      await client.close();
    }
  });
  greps.check(scenario, "process output", output);
}

async function librarySuite(rig: Rig): Promise<void> {
  const token = { accessToken: SECRETS.accessToken };
  await libraryScenario(rig, "library · access token · success", token);
  await libraryScenario(rig, "library · access token · 401", token, {
    type: "unauthenticated",
    revoke: false,
  });
  await libraryScenario(rig, "library · access token · 403", token, { type: "status", status: 403 });
  await libraryScenario(rig, "library · access token with CR/LF", {
    accessToken: `${SECRETS.accessToken}\r\nX: 1`,
  });
  await libraryScenario(rig, "library · endpoint with a password", {
    endpoint: `https://admin:${SECRETS.endpointPassword}@beyondcorp.example.com`,
  });
  for (const mode of MODES) {
    await libraryScenario(rig, `library · authorized_user · token endpoint ${mode}`, {
      credentials: authorizedUser(mode),
      oauth2TokenUrl: `${rig.tokenHttp.url}/token`,
    });
  }
  for (const mode of MODES) {
    await libraryScenario(rig, `library · external_account · STS ${mode}`, {
      credentials: externalAccount(mode, `${rig.tokenHttp.url}/v1/token`, rig.subjectFile),
    });
  }
  for (const [label, json] of BAD_JSON) {
    await libraryScenario(rig, `library · bad credentials JSON (${label})`, { credentials: json });
  }
}

interface CliScenario {
  scenario: string;
  env: NodeJS.ProcessEnv;
  extraArgs?: string[];
  fault?: FaultSpec["fault"];
  endpoint?: string;
}

/** One CLI scenario: `cancel --wait --json`, then `get` (plain text), each a real process. */
async function cliScenario(rig: Rig, s: CliScenario): Promise<void> {
  const endpoint = s.endpoint ?? `https://localhost:${rig.emuTls.port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    HOME: rig.dir,
    HTTPS_PROXY: rig.proxyUrl,
    NODE_EXTRA_CA_CERTS: rig.cert.certPath,
    ...s.env,
  };
  const common = ["--endpoint", endpoint, ...(s.extraArgs ?? [])];
  const cancel = await runCli(
    ["cancel", freshOp(rig, rig.emuTls, s.fault), "--wait", "--json", "--timeout", "20s", ...common],
    { env, boundMs: 40_000 }, // its own 20 s deadline, start-up and a margin
  );
  rig.greps.check(s.scenario, `cancel --json: stdout (exit ${cancel.code})`, cancel.stdout);
  rig.greps.check(s.scenario, "cancel --json: stderr", cancel.stderr);
  const get = await runCli(["get", freshOp(rig, rig.emuTls, s.fault), ...common], { env });
  rig.greps.check(s.scenario, `get: stdout (exit ${get.code})`, get.stdout);
  rig.greps.check(s.scenario, "get: stderr", get.stderr);
  rig.greps.note(s.scenario, `cancel exit ${cancel.code} ${outcomesOf(cancel.stdout)}, get exit ${get.code}`);
}

function outcomesOf(stdout: string): string {
  try {
    return (JSON.parse(stdout) as Array<{ outcome: string }>).map((r) => r.outcome).join(",");
  } catch {
    return "(no JSON)";
  }
}

function cliScenarios(rig: Rig): CliScenario[] {
  const token = { GOOGLE_OAUTH_ACCESS_TOKEN: SECRETS.accessToken };
  const out: CliScenario[] = [
    { scenario: "CLI · access token · success", env: token },
    { scenario: "CLI · access token · 401", env: token, fault: { type: "unauthenticated", revoke: false } },
    { scenario: "CLI · access token · 403", env: token, fault: { type: "status", status: 403 } },
    {
      scenario: "CLI · access token with CR/LF",
      env: { GOOGLE_OAUTH_ACCESS_TOKEN: `${SECRETS.accessToken}\r\nX: 1` },
    },
    {
      scenario: "CLI · endpoint with a password",
      env: token,
      endpoint: `https://admin:${SECRETS.endpointPassword}@localhost:${rig.emuTls.port}`,
    },
  ];
  for (const mode of MODES) {
    const file = path.join(rig.dir, `authorized-user-${mode}.json`);
    writeFileSync(file, authorizedUser(mode));
    // google-auth-library always sends authorized_user refreshes to oauth2.googleapis.com: the
    // routing proxy tunnels that host to the local TLS token server.
    out.push({
      scenario: `CLI · authorized_user (--credentials) · token endpoint ${mode}`,
      env: {},
      extraArgs: ["--credentials", file],
    });
  }
  for (const mode of MODES) {
    const json = externalAccount(mode, `https://localhost:${rig.tokenTls.port}/v1/token`, rig.subjectFile);
    out.push({
      scenario: `CLI · external_account (GOOGLE_CREDENTIALS) · STS ${mode}`,
      env: { GOOGLE_CREDENTIALS: json },
    });
  }
  for (const [label, json] of BAD_JSON) {
    out.push({ scenario: `CLI · bad credentials JSON (${label})`, env: { GOOGLE_CREDENTIALS: json } });
  }
  return out;
}

/** Run `fn` over `items`, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

function exercised(rig: Rig): Record<string, number> {
  const count = (bodies: string[], secret: string) => bodies.filter((b) => b.includes(secret)).length;
  const bodies = [...rig.tokenHttp.bodies, ...rig.tokenTls.bodies];
  const bearer = [...rig.emuHttp.requests(), ...rig.emuTls.requests()].filter((r) => r.bearerPresent).length;
  return {
    "token requests carrying the refresh token": count(bodies, encodeURIComponent(SECRETS.refreshToken)),
    "token requests carrying the client secret": count(bodies, encodeURIComponent(SECRETS.clientSecret)),
    "STS requests carrying the subject token": count(bodies, SECRETS.subjectToken),
    "API requests with a bearer token": bearer,
  };
}

async function setUp(): Promise<Rig> {
  const cert = makeTestCert(["oauth2.googleapis.com"]);
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-secrets-"));
  const subjectFile = path.join(dir, "subject-token");
  writeFileSync(subjectFile, SECRETS.subjectToken);
  const tokenTls = await startTokenServer(cert);
  const proxy = await startRoutingProxy({ "oauth2.googleapis.com:443": tokenTls.port });
  const tap = await startTap(proxy.url);
  const rig: Rig = {
    emuHttp: await startEmulator(),
    emuTls: await startEmulator({ tls: { key: cert.key, cert: cert.cert } }),
    tokenHttp: await startTokenServer(),
    tokenTls,
    cert,
    dir,
    subjectFile,
    proxyUrl: tap.url,
    greps: new Greps(),
    opCounter: { n: 0 },
  };
  closers.set(rig, async () => {
    await Promise.all([rig.emuHttp.close(), rig.emuTls.close(), rig.tokenHttp.close(), tokenTls.close()]);
    rig.greps.check("wire", "bytes sent through the proxy", tap.sent().toString("latin1"));
    await Promise.all([tap.close(), proxy.close()]);
    cert.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  return rig;
}

const closers = new WeakMap<Rig, () => Promise<void>>();

/** Run every scenario and grep every place. Self-contained: starts and stops its own servers. */
export async function runSecretGreps(): Promise<SecretGrepResult> {
  const rig = await setUp();
  try {
    await librarySuite(rig);
    await pool(cliScenarios(rig), 2, (s) => cliScenario(rig, s));
    for (const [label, emu] of [
      ["http", rig.emuHttp],
      ["https", rig.emuTls],
    ] as const) {
      rig.greps.check(
        "emulator request logs",
        `${label} emulator (all entries)`,
        JSON.stringify(emu.requests({ all: true })),
      );
    }
  } finally {
    await closers.get(rig)?.();
  }
  const { greps } = rig;
  const scenarios = [...greps.scenarios].map(([scenario, v]) => ({ scenario, ...v }));
  return {
    places: greps.places,
    greps: greps.greps,
    secretsFound: greps.found,
    details: [...scenarios.map((s) => `${s.scenario}: ${s.places} places, ${s.found} found`), ...greps.leaks],
    scenarios,
    exercised: exercised(rig),
  };
}

/** A markdown section for docs/RELIABILITY.md. */
export function renderSecrets(r: SecretGrepResult): string {
  const rows = r.scenarios.map((s) => `| ${s.scenario} | ${s.result} | ${s.places} | ${s.found} |`);
  const proof = Object.entries(r.exercised).map(([k, v]) => `- ${k}: ${v}`);
  return [
    "## Secrets in output, errors and logs",
    "",
    `${Object.keys(SECRETS).length} distinctive secrets (access token, refresh token, client secret, STS subject token, an issued token, a password in the endpoint URL) × ${r.places} places = ${r.greps} greps. **Secrets found: ${r.secretsFound}.**`,
    "",
    "Places: CLI stdout, stderr and `--json` output; each thrown error's message, stack, `JSON.stringify` and `util.inspect` (causes included); the library's process output; both emulators' request logs; the raw bytes sent through the HTTPS proxy.",
    "",
    "| Scenario | What happened | Places | Found |",
    "| --- | --- | ---: | ---: |",
    ...rows,
    "",
    "The secrets were in play:",
    "",
    ...proof,
    ...(r.secretsFound > 0
      ? ["", "Leaks:", "", ...r.details.filter((d) => d.startsWith("LEAK")).map((d) => `- ${d}`)]
      : []),
    "",
  ].join("\n");
}
