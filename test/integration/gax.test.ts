import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
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
import { ORG_PARENT, PARENT, opName, withEmulator, call } from "../helpers/emulator";
import {
  BEYONDCORP_LRO_HTTP_RULES,
  beyondcorpLroHttpRules,
  beyondcorpProtoRoot,
} from "../helpers/emulator-gax";

const TARGET = `${PARENT}/appConnectors/c1`;
const CALL = { timeout: 10_000, retry: null };

interface GaxOperation {
  name: string;
  done: boolean;
  error?: { code: number; message: string } | null;
  result?: string;
  metadata?: { type_url: string } | null;
}

/**
 * A google-gax REST-fallback operations client pointed at the emulator. `v1alpha` adds the
 * organization bindings and numeric enums, as BeyondCorp's generated clients have them.
 */
function operationsClient(url: string, auth: AuthClient, version?: "v1alpha") {
  const { hostname, port } = new URL(url);
  const builder = fallback.lro({
    auth: new GoogleAuth({ authClient: auth }),
    protoJson: beyondcorpProtoRoot(),
    httpRules: version === undefined ? BEYONDCORP_LRO_HTTP_RULES : beyondcorpLroHttpRules(version),
    ...(version === undefined ? {} : { numericEnums: true }),
  });
  return builder.operationsClient({
    servicePath: hostname,
    port: Number(port),
    protocol: "http",
    fallback: true,
  });
}

const { GetOperationRequest, CancelOperationRequest, ListOperationsRequest, DeleteOperationRequest } =
  fallback.operationsProtos.google.longrunning;
const getReq = (name: string) => GetOperationRequest.create({ name });
const cancelReq = (name: string) => CancelOperationRequest.create({ name });
const NUMERIC_ALT = "json;enum-encoding=int";

/** A raw operation as gax's REST stub decodes it: `metadata`/`response` stay packed in `Any`. */
interface RawOperation {
  name: string;
  done?: boolean;
  metadata?: { type_url: string; value: Uint8Array };
}

/** gax's REST stub for the v1alpha AppConnectionsService, with numeric enums like generated clients. */
async function appConnectionsStub(url: string) {
  const { hostname, port } = new URL(url);
  const root = beyondcorpProtoRoot();
  const grpc = new fallback.GrpcClient({
    authClient: fixedTokenAuth("anything"),
    fallback: true,
    numericEnums: true,
  });
  const service = root.lookupService("google.cloud.beyondcorp.appconnections.v1alpha.AppConnectionsService");
  const stub = await grpc.createStub(service, {
    servicePath: hostname,
    port: Number(port),
    protocol: "http",
  });
  const invoke = (method: string, request: object) =>
    new Promise<RawOperation>((resolve, reject) => {
      const fn = stub[method];
      if (fn === undefined) throw new Error(`no method ${method}`);
      fn(request, {}, {}, (err?: Error, res?: unknown) => (err ? reject(err) : resolve(res as RawOperation)));
    });
  const metadataOf = (op: RawOperation) => {
    const type = op.metadata?.type_url.split("/").pop() ?? "";
    return root
      .lookupType(type)
      .decode(op.metadata?.value ?? new Uint8Array())
      .toJSON();
  };
  return { invoke, metadataOf };
}

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

  it("gax v1alpha with an organization parent lists, gets, cancels and deletes operations", async () => {
    await withEmulator({}, async (emu) => {
      for (let i = 1; i <= 3; i++) {
        emu.seed({
          name: opName(`org-${i}`, ORG_PARENT),
          // org-2 was started through v1 (as Terraform does); a v1alpha client still sees v1 types.
          apiVersion: i === 2 ? "v1" : "v1alpha",
          doneAfterMs: i === 3 ? 0 : undefined,
        });
      }
      const client = operationsClient(emu.url, fixedTokenAuth("anything"), "v1alpha");
      const request = ListOperationsRequest.create({ name: ORG_PARENT, pageSize: 2 });
      const [listed] = (await client.listOperations(request, CALL)) as unknown as [GaxOperation[]];
      assert.deepEqual(
        listed.map((o) => o.name),
        [1, 2, 3].map((i) => opName(`org-${i}`, ORG_PARENT)),
      );
      assert.match(
        listed[0]?.metadata?.type_url ?? "",
        /securitygateways\.v1alpha\.SecurityGatewayOperationMetadata$/,
      );
      assert.match(
        listed[1]?.metadata?.type_url ?? "",
        /securitygateways\.v1\.SecurityGatewayOperationMetadata$/,
      );
      const name = opName("org-1", ORG_PARENT);
      await client.cancelOperation(cancelReq(name), CALL);
      const [cancelled] = (await client.getOperation(getReq(name), CALL)) as unknown as [GaxOperation];
      assert.equal(cancelled.done, true);
      assert.equal(cancelled.error?.code, 1);
      await client.deleteOperation(DeleteOperationRequest.create({ name }), CALL);
      await assert.rejects(
        client.getOperation(getReq(name), CALL),
        (err: { code?: number }) => err.code === 5,
      );
      const log = emu.requests();
      assert.deepEqual(
        log.map((e) => e.route),
        ["list", "list", "cancel", "get", "delete", "get"],
      );
      for (const e of log) {
        assert.ok(e.path.startsWith(`/v1alpha/${ORG_PARENT}/operations`), e.path);
        assert.equal(e.query["$alt"], NUMERIC_ALT);
      }
      assert.equal(log[0]?.query["pageSize"], "2");
      assert.equal(typeof log[1]?.query["pageToken"], "string");
      await client.close();
    });
  });

  it("gax v1alpha REST: create and PATCH an app connection (numeric enums, requestId), cancel the update", async () => {
    await withEmulator({ lroDoneAfterMs: 0, cancelDelayMs: 0 }, async (emu) => {
      const { invoke, metadataOf } = await appConnectionsStub(emu.url);
      const linkName = `${PARENT}/appConnections/k1`;
      const created = await invoke("createAppConnection", {
        parent: PARENT,
        appConnectionId: "k1",
        appConnection: {
          type: "TCP_PROXY",
          applicationEndpoint: { host: "a.internal", port: 443 },
          displayName: "A",
        },
      });
      assert.equal(metadataOf(created)["verb"], "create");
      const link = (await call(emu.url, "GET", `/v1alpha/${linkName}`)).json<Record<string, unknown>>();
      assert.equal(link["type"], "TCP_PROXY", "gax sent the enum as a number; the emulator read it");
      emu.configure({ lroDoneAfterMs: null });
      const update = {
        updateMask: { paths: ["display_name"] },
        appConnection: { name: linkName, displayName: "B" },
        requestId: randomUUID(),
      };
      const op = await invoke("updateAppConnection", update);
      const meta = metadataOf(op);
      assert.equal(meta["verb"], "update");
      assert.equal(meta["target"], linkName);
      assert.equal(meta["apiVersion"], "v1alpha");
      assert.equal(
        (await invoke("updateAppConnection", update)).name,
        op.name,
        "same requestId, same operation",
      );
      const patch = emu.requests().find((e) => e.route === "update");
      assert.equal(patch?.method, "PATCH");
      assert.equal(patch?.query["updateMask"], "display_name", "gax sends mask paths as given");
      assert.equal(patch?.query["$alt"], NUMERIC_ALT);
      const client = operationsClient(emu.url, fixedTokenAuth("anything"), "v1alpha");
      const [running] = (await client.getOperation(getReq(op.name), CALL)) as unknown as [GaxOperation];
      assert.equal(running.done, false);
      await client.cancelOperation(cancelReq(op.name), CALL);
      const [cancelled] = (await client.getOperation(getReq(op.name), CALL)) as unknown as [GaxOperation];
      assert.equal(cancelled.error?.code, 1);
      const after = (await call(emu.url, "GET", `/v1alpha/${linkName}`)).json<Record<string, unknown>>();
      assert.equal(after["displayName"], "A");
      assert.equal(after["state"], "CREATED");
      await client.close();
    });
  });
});
