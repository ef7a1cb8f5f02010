/**
 * google-auth-library's real token flows (auth/credentials.ts, google.ts, token-transport.ts) against
 * an in-process loopback token endpoint: a refresh token and a source token go only to the
 * configured URL, the resulting header carries the new token and the quota project, a redirect is
 * not followed, 501 is not retried, and a failure never echoes a secret.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCredentials } from "../../src/auth/credentials";
import { BeyondCorpError } from "../../src/core/errors";

const SA = "deploy-bot@my-project.iam.gserviceaccount.com";
const REFRESH = "1//0gRefresh-secret";
const SOURCE = "ya29.source-secret";
const USER = { type: "authorized_user", client_id: "cid", client_secret: "csecret", refresh_token: REFRESH };

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}
type Reply = (res: ServerResponse, seen: Seen) => void;

/** A loopback server that records each request and answers with the reply set for the test. */
class Endpoint {
  readonly seen: Seen[] = [];
  reply: Reply = (res) => res.writeHead(500).end();
  private server: Server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const seen = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body };
      this.seen.push(seen);
      this.reply(res, seen);
    });
  });
  url = "";
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  reset(reply: Reply): void {
    this.seen.length = 0;
    this.reply = reply;
  }
}

const json =
  (status: number, body: unknown): Reply =>
  (res) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

const token = new Endpoint();
const elsewhere = new Endpoint();
before(async () => {
  await token.start();
  await elsewhere.start();
});
after(async () => {
  await token.stop();
  await elsewhere.stop();
});

/** The refusal, checked to be ERR_CREDENTIALS without any secret anywhere in it. */
async function credentialFailure(p: Promise<unknown>): Promise<string> {
  let message = "";
  await assert.rejects(p, (e: unknown) => {
    assert.ok(BeyondCorpError.is(e), String(e));
    assert.equal(e.code, "ERR_CREDENTIALS");
    const all = JSON.stringify(e, Object.getOwnPropertyNames(e)) + String(e.cause);
    for (const secret of [REFRESH, SOURCE, "csecret"]) assert.ok(!all.includes(secret), all);
    message = e.message;
    return true;
  });
  return message;
}

test("authorized_user: the refresh token goes to the configured token URL; the new token is sent with the quota project", async () => {
  token.reset(json(200, { access_token: "ya29.fresh", expires_in: 3600, token_type: "Bearer" }));
  const c = createCredentials({
    credentials: JSON.stringify(USER),
    oauth2TokenUrl: `${token.url}/oauth/token`,
    quotaProject: "billing-proj",
  });
  assert.deepEqual(await c.headers(), {
    authorization: "Bearer ya29.fresh",
    "x-goog-user-project": "billing-proj",
  });
  assert.equal(token.seen.length, 1);
  const [req] = token.seen;
  assert.equal(req!.method, "POST");
  assert.equal(req!.url, "/oauth/token");
  const form = new URLSearchParams(req!.body);
  assert.equal(form.get("grant_type"), "refresh_token");
  assert.equal(form.get("refresh_token"), REFRESH);
  // Cached until invalidated.
  await c.headers();
  assert.equal(token.seen.length, 1);
  c.invalidate();
  await c.headers();
  assert.equal(token.seen.length, 2);
});

test("impersonation: the given token goes only to the configured IAM endpoint, for the target account and scope", async () => {
  token.reset(json(200, { accessToken: "ya29.impersonated", expireTime: "2999-01-01T00:00:00Z" }));
  const c = createCredentials({
    accessToken: SOURCE,
    impersonateServiceAccount: SA,
    iamCredentialsEndpoint: token.url,
  });
  assert.deepEqual(await c.headers(), { authorization: "Bearer ya29.impersonated" });
  assert.equal(token.seen.length, 1);
  const [req] = token.seen;
  assert.equal(req!.url, `/v1/projects/-/serviceAccounts/${SA}:generateAccessToken`);
  assert.equal(req!.authorization, `Bearer ${SOURCE}`);
  assert.deepEqual(JSON.parse(req!.body), {
    delegates: [],
    scope: ["https://www.googleapis.com/auth/cloud-platform"],
    lifetime: "3600s",
  });
});

test("a token response without an access token is refused, not sent as `Bearer undefined`", async () => {
  token.reset(json(200, { expires_in: 3600 }));
  const c = createCredentials({ credentials: JSON.stringify(USER), oauth2TokenUrl: `${token.url}/token` });
  assert.equal(
    await credentialFailure(c.headers()),
    "could not obtain credentials: the token endpoint returned no access token",
  );
});

test("a refused refresh: the status, a redacted reason, no secret", async () => {
  token.reset(json(400, { error: "invalid_grant", error_description: `Token ${REFRESH} has been revoked.` }));
  const c = createCredentials({ credentials: JSON.stringify(USER), oauth2TokenUrl: `${token.url}/token` });
  const message = await credentialFailure(c.headers());
  assert.match(message, /^could not obtain credentials: .*invalid_grant.*\(HTTP 400\)$/);
});

test("a redirect from the token endpoint is not followed: the refresh token goes nowhere else", async () => {
  elsewhere.reset(json(200, { access_token: "ya29.stolen", expires_in: 3600 }));
  token.reset((res) => res.writeHead(307, { location: `${elsewhere.url}/steal` }).end());
  const c = createCredentials({ credentials: JSON.stringify(USER), oauth2TokenUrl: `${token.url}/token` });
  await credentialFailure(c.headers());
  assert.equal(token.seen.length, 1);
  assert.equal(elsewhere.seen.length, 0, "the redirect was followed");
});

test("501 from the token endpoint is not retried (UNIMPLEMENTED is never transient)", async () => {
  token.reset(json(501, { error: "not_implemented" }));
  const c = createCredentials({ credentials: JSON.stringify(USER), oauth2TokenUrl: `${token.url}/token` });
  assert.match(await credentialFailure(c.headers()), /\(HTTP 501\)$/);
  assert.equal(token.seen.length, 1);
});
