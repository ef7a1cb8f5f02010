import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  GoogleAuth,
  IdentityPoolClient,
  Impersonated,
  OAuth2Client,
  UserRefreshClient,
  type AuthClient,
} from "google-auth-library";
import { fallback } from "google-gax";
import { PARENT, opName, withEmulator, call } from "../helpers/emulator";
import { BEYONDCORP_LRO_HTTP_RULES, beyondcorpProtoRoot } from "../helpers/emulator-gax";

const TARGET = `${PARENT}/appConnectors/c1`;
const CALL = { timeout: 10_000, retry: null };

interface GaxOperation {
  name: string;
  done: boolean;
  error?: { code: number; message: string } | null;
  result?: string;
  metadata?: { type_url: string } | null;
}

/** A google-gax REST-fallback operations client pointed at the emulator. */
function operationsClient(url: string, auth: AuthClient) {
  const { hostname, port } = new URL(url);
  const builder = fallback.lro({
    auth: new GoogleAuth({ authClient: auth }),
    protoJson: beyondcorpProtoRoot(),
    httpRules: BEYONDCORP_LRO_HTTP_RULES,
  });
  return builder.operationsClient({
    servicePath: hostname,
    port: Number(port),
    protocol: "http",
    fallback: true,
  });
}

const { GetOperationRequest, CancelOperationRequest } = fallback.operationsProtos.google.longrunning;
const getReq = (name: string) => GetOperationRequest.create({ name });
const cancelReq = (name: string) => CancelOperationRequest.create({ name });

function fixedTokenAuth(token: string): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return auth;
}

describe("google-gax and google-auth-library against the emulator", () => {
  it("gax REST fallback gets and cancels an operation and sees CANCELLED (1)", async () => {
    await withEmulator({ auth: true }, async (emu) => {
      emu.seed({ name: opName("gax-1"), target: TARGET });
      const client = operationsClient(emu.url, fixedTokenAuth(emu.issueToken({ subject: "gax" })));
      const [running] = (await client.getOperation(getReq(opName("gax-1")), CALL)) as unknown as [
        GaxOperation,
      ];
      assert.equal(running.name, opName("gax-1"));
      assert.equal(running.done, false);
      assert.match(running.metadata?.type_url ?? "", /AppConnectorOperationMetadata$/);
      await client.cancelOperation(cancelReq(opName("gax-1")), CALL);
      const [cancelled] = (await client.getOperation(getReq(opName("gax-1")), CALL)) as unknown as [
        GaxOperation,
      ];
      assert.equal(cancelled.done, true);
      assert.equal(cancelled.error?.code, 1);
      assert.equal(cancelled.error?.message, "Operation was cancelled");
      const cancel = emu.requests().find((e) => e.route === "cancel");
      assert.equal(cancel?.status, 200);
      assert.equal(cancel?.identity, "emulator:gax");
      assert.equal(emu.operations()[0]?.cancelCount, 1);
      await client.close();
    });
  });

  it("gax surfaces emulator errors with their google.rpc code", async () => {
    await withEmulator({}, async (emu) => {
      emu.seed({ name: opName("gax-2"), onCancel: "unimplemented" });
      const client = operationsClient(emu.url, fixedTokenAuth("anything"));
      await assert.rejects(
        client.cancelOperation(cancelReq(opName("gax-2")), CALL),
        (err: { code?: number }) => {
          assert.equal(err.code, 12);
          return true;
        },
      );
      await assert.rejects(client.getOperation(getReq(opName("missing")), CALL), (err: { code?: number }) => {
        assert.equal(err.code, 5);
        return true;
      });
      await client.close();
    });
  });

  it("authorized_user: UserRefreshClient gets a token from <url>/token and the emulator accepts it", async () => {
    await withEmulator({ auth: true }, async (emu) => {
      emu.seed({ name: opName("u"), target: TARGET });
      const user = new UserRefreshClient({
        clientId: "cid.apps.googleusercontent.com",
        clientSecret: "secret",
        refreshToken: "refresh",
        endpoints: { oauth2TokenUrl: `${emu.url}/token` },
      });
      const { token } = await user.getAccessToken();
      assert.match(token ?? "", /^emu-/);
      const client = operationsClient(emu.url, user);
      const [op] = (await client.getOperation(getReq(opName("u")), CALL)) as unknown as [GaxOperation];
      assert.equal(op.name, opName("u"));
      const get = emu.requests().find((e) => e.route === "get");
      assert.equal(get?.authorized, true);
      assert.equal(get?.identity, "authorized_user:cid.apps.googleusercontent.com");
      await client.close();
    });
  });

  it("external_account: IdentityPoolClient exchanges a file subject token at <url>/v1/token", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bc-ext-"));
    try {
      await withEmulator({ auth: true }, async (emu) => {
        const subjectFile = join(dir, "subject.jwt");
        await writeFile(subjectFile, "header.payload.signature");
        const audience =
          "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/prov";
        const ext = new IdentityPoolClient({
          type: "external_account",
          audience,
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          token_url: `${emu.url}/v1/token`,
          credential_source: { file: subjectFile },
        });
        const { token } = await ext.getAccessToken();
        assert.match(token ?? "", /^emu-/);
        const res = await call(emu.url, "GET", `/v1/${PARENT}/operations`, {
          headers: { authorization: `Bearer ${token ?? ""}` },
        });
        assert.equal(res.status, 200);
        assert.equal(emu.requests().at(-1)?.identity, `external_account:${audience}`);
        const sts = emu.requests().find((e) => e.route === "token");
        assert.equal(sts?.path, "/v1/token");
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("impersonation: Impersonated with endpoint=<url> calls generateAccessToken", async () => {
    await withEmulator({ auth: true }, async (emu) => {
      emu.seed({ name: opName("imp"), target: TARGET });
      const imp = new Impersonated({
        sourceClient: fixedTokenAuth(emu.issueToken({ subject: "source" })),
        targetPrincipal: "sa@my-proj.iam.gserviceaccount.com",
        targetScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        lifetime: 600,
        endpoint: emu.url,
      });
      const client = operationsClient(emu.url, imp);
      const [op] = (await client.getOperation(getReq(opName("imp")), CALL)) as unknown as [GaxOperation];
      assert.equal(op.name, opName("imp"));
      const log = emu.requests();
      assert.equal(log[0]?.route, "token");
      assert.equal(log[0]?.identity, "emulator:source");
      assert.equal(
        log.find((e) => e.route === "get")?.identity,
        "impersonated:sa@my-proj.iam.gserviceaccount.com",
      );
      await client.close();
    });
  });
});
