import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock, PARENT, opName, withEmulator, type ErrorJson } from "../helpers/emulator";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const GET = `/v1/${opName("a")}`;
const STS = new URLSearchParams({
  grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
  subject_token: "subject-jwt",
  subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
  audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q",
  requested_token_type: "urn:ietf:params:oauth:token-type:access_token",
  scope: "https://www.googleapis.com/auth/cloud-platform",
}).toString();

describe("emulator auth", () => {
  it("with auth off, any or no Authorization header is accepted", async () => {
    await withEmulator({}, async (emu, api) => {
      emu.seed({ name: opName("a") });
      assert.equal((await api("GET", GET)).status, 200);
      assert.equal((await api("GET", GET, { headers: { authorization: "Bearer whatever" } })).status, 200);
      assert.equal((await api("GET", GET, { headers: { authorization: "Basic xyz" } })).status, 200);
    });
  });

  it("with auth on, API routes need a live bearer issued here (401 + WWW-Authenticate otherwise)", async () => {
    const clock = new ManualClock();
    await withEmulator({ auth: true, now: clock.now }, async (emu, api) => {
      emu.seed({ name: opName("a") });
      const variants: Record<string, string>[] = [
        {},
        { authorization: "Bearer forged" },
        { authorization: "Basic abc" },
      ];
      for (const headers of variants) {
        for (const path of [GET, `/v1/${PARENT}/operations`, `/v1/projects/BAD/locations/x/operations/y`]) {
          const res = await api("GET", path, { headers });
          assert.equal(res.status, 401, path);
          assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer /);
          const body = res.json<ErrorJson>();
          assert.equal(body.error.status, "UNAUTHENTICATED");
          assert.equal(body.error.code, 401);
        }
      }
      const short = emu.issueToken({ lifetimeSec: 10 });
      assert.match(short, /^emu-/);
      assert.equal((await api("GET", GET, { headers: { authorization: `Bearer ${short}` } })).status, 200);
      clock.advance(10_000);
      assert.equal((await api("GET", GET, { headers: { authorization: `Bearer ${short}` } })).status, 401);
      const issued = (await api("POST", "/emulator/tokens")).json<{
        accessToken: string;
        expireTime: string;
      }>();
      const headers = { authorization: `Bearer ${issued.accessToken}` };
      assert.equal(issued.expireTime, new Date(clock.t + 3_600_000).toISOString());
      assert.equal((await api("GET", GET, { headers })).status, 200);
      assert.equal((await api("POST", "/emulator/tokens/revoke-all")).status, 200);
      assert.equal((await api("GET", GET, { headers })).status, 401);
      const log = emu.requests();
      assert.ok(log.some((e) => e.authorized && e.identity === "emulator:test"));
      assert.ok(log.some((e) => !e.authorized && e.bearerPresent));
      assert.ok(!JSON.stringify(log).includes(issued.accessToken));
    });
  });

  it("POST /token implements the authorized_user refresh grant", async () => {
    await withEmulator({ auth: true }, async (emu, api) => {
      emu.seed({ name: opName("a") });
      const form = "grant_type=refresh_token&client_id=cid&client_secret=cs&refresh_token=rt";
      const res = await api("POST", "/token", { body: form, headers: FORM });
      assert.equal(res.status, 200);
      const tok = res.json<Record<string, unknown>>();
      assert.match(String(tok["access_token"]), /^emu-/);
      assert.deepEqual(
        { ...tok, access_token: "" },
        {
          access_token: "",
          expires_in: 3600,
          token_type: "Bearer",
          scope: "https://www.googleapis.com/auth/cloud-platform",
        },
      );
      const ok = await api("GET", GET, {
        headers: { authorization: `Bearer ${String(tok["access_token"])}` },
      });
      assert.equal(ok.status, 200);
      assert.equal(emu.requests().at(-1)?.identity, "authorized_user:cid");
      const missing = await api("POST", "/token", {
        body: "grant_type=refresh_token&client_id=cid",
        headers: FORM,
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.json<Record<string, unknown>>()["error"], "invalid_request");
      const grant = await api("POST", "/token", { body: "grant_type=password", headers: FORM });
      assert.equal(grant.json<Record<string, unknown>>()["error"], "unsupported_grant_type");
    });
  });

  it("a registered authorized_user set restricts /token", async () => {
    const user = { clientId: "cid", clientSecret: "cs", refreshToken: "rt" };
    await withEmulator({ auth: true, authorizedUsers: [user] }, async (_emu, api) => {
      const good = "grant_type=refresh_token&client_id=cid&client_secret=cs&refresh_token=rt";
      assert.equal((await api("POST", "/token", { body: good, headers: FORM })).status, 200);
      const bad = await api("POST", "/token", { body: good.replace("rt", "other"), headers: FORM });
      assert.equal(bad.status, 400);
      assert.equal(bad.json<Record<string, unknown>>()["error"], "invalid_grant");
    });
  });

  it("POST /v1/token implements the STS token exchange", async () => {
    await withEmulator({ auth: true }, async (emu, api) => {
      emu.seed({ name: opName("a") });
      const res = await api("POST", "/v1/token", { body: STS, headers: FORM });
      assert.equal(res.status, 200);
      const tok = res.json<Record<string, unknown>>();
      assert.equal(tok["issued_token_type"], "urn:ietf:params:oauth:token-type:access_token");
      assert.equal(tok["token_type"], "Bearer");
      assert.equal(tok["expires_in"], 3600);
      assert.equal(
        (await api("GET", GET, { headers: { authorization: `Bearer ${String(tok["access_token"])}` } }))
          .status,
        200,
      );
      const bad = await api("POST", "/v1/token", {
        body: STS.replace("subject_token=subject-jwt&", ""),
        headers: FORM,
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.json<Record<string, unknown>>()["error"], "invalid_request");
      assert.equal((await api("GET", "/v1/token")).status, 404);
    });
  });

  it("generateAccessToken needs a valid bearer and returns an impersonated token", async () => {
    await withEmulator({ auth: true }, async (emu, api) => {
      emu.seed({ name: opName("a") });
      const path = "/v1/projects/-/serviceAccounts/sa@my-proj.iam.gserviceaccount.com:generateAccessToken";
      const body = { scope: ["https://www.googleapis.com/auth/cloud-platform"], lifetime: "600s" };
      assert.equal((await api("POST", path, { body })).status, 401);
      const headers = { authorization: `Bearer ${emu.issueToken()}` };
      const res = await api("POST", path, { body, headers });
      assert.equal(res.status, 200);
      const tok = res.json<{ accessToken: string; expireTime: string }>();
      assert.match(tok.accessToken, /^emu-imp-/);
      assert.ok(Math.abs(Date.parse(tok.expireTime) - Date.now() - 600_000) < 60_000);
      const imp = await api("GET", GET, { headers: { authorization: `Bearer ${tok.accessToken}` } });
      assert.equal(imp.status, 200);
      assert.equal(emu.requests().at(-1)?.identity, "impersonated:sa@my-proj.iam.gserviceaccount.com");
      assert.equal((await api("POST", path, { body: { scope: [] }, headers })).status, 400);
      const encoded = path.replace("@", "%40");
      assert.equal((await api("POST", encoded, { body, headers })).status, 200);
    });
  });
});
