/**
 * The clients compared, each driven the way its users drive it, against the same emulator.
 * Every client gets: the emulator URL and a list of operation names to stop (or wait for).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

// Each peer runs in its own process (run-peer.ts) and loads only its own modules, lazily, so that
// one client's peak RSS never includes another's libraries.

export type Peer = (url: string, names: string[]) => Promise<void>;

/** This project as a library: one cancelAndWait over every operation (list-batched per parent). */
export const oursLibrary: Peer = async (url, names) => {
  const { OperationsClient } =
    require("../src/client/operations-client") as typeof import("../src/client/operations-client");
  const { cancelAndWait } = require("../src/wait/waiter") as typeof import("../src/wait/waiter");
  const client = new OperationsClient({ endpoint: url, noAuth: true }, { env: {} });
  await cancelAndWait(
    client,
    names.map((n) => client.name(n)),
  );
  await client.close();
};

/**
 * This project through the dynamic provider: the `delete` hook of the very provider object that
 * `OperationCanceller` serializes into state, called as the dynamic-provider host calls it, with
 * the outputs `create` would have recorded (access token, default poll settings).
 */
export const oursProvider: Peer = async (url, names) => {
  const { createProvider } = require("../src/pulumi/provider") as typeof import("../src/pulumi/provider");
  const provider = createProvider();
  await provider.delete!("bench", {
    trackedOperations: names,
    operationStates: {},
    endpoint: url,
    accessToken: "ya29.bench",
  });
};

/** This project as the `beyondcorp-ops` CLI process. */
export const oursCli: Peer = (url, names) =>
  new Promise((resolve, reject) => {
    const cli = path.resolve(__dirname, "../src/cli/main.js");
    const child = spawn(
      process.execPath,
      [cli, "cancel", ...names, "--wait", "--json", "--endpoint", url, "--no-auth"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let err = "";
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`beyondcorp-ops exited ${code}: ${err}`)),
    );
  });

/**
 * google-gax's REST operations client: cancelOperation, then getOperation on gax's own default LRO
 * backoff (createDefaultBackoffSettings: 100 ms ×1.3, cap 60 s), one loop per operation, as
 * `operation.promise()` does.
 */
export const gax: Peer = async (url, names) => {
  const { fallback, createDefaultBackoffSettings } = require("google-gax") as typeof import("google-gax");
  const { OAuth2Client, GoogleAuth } = require("google-auth-library") as typeof import("google-auth-library");
  const { BEYONDCORP_LRO_HTTP_RULES, beyondcorpProtoRoot } =
    require("../test/helpers/emulator-gax") as typeof import("../test/helpers/emulator-gax");
  const { hostname, port } = new URL(url);
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: "bench", expiry_date: Date.now() + 3_600_000 });
  const client = fallback
    .lro({
      auth: new GoogleAuth({ authClient: auth }),
      protoJson: beyondcorpProtoRoot(),
      httpRules: BEYONDCORP_LRO_HTTP_RULES,
    })
    .operationsClient({ servicePath: hostname, port: Number(port), protocol: "http", fallback: true });
  const { GetOperationRequest, CancelOperationRequest } = fallback.operationsProtos.google.longrunning;
  const b = createDefaultBackoffSettings();
  const opts = { timeout: 30_000, retry: null };
  await Promise.all(
    names.map(async (name) => {
      await client.cancelOperation(CancelOperationRequest.create({ name }), opts);
      let delay = b.initialRetryDelayMillis;
      for (;;) {
        const [op] = (await client.getOperation(GetOperationRequest.create({ name }), opts)) as unknown as [
          { done: boolean },
        ];
        if (op.done) return;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * b.retryDelayMultiplier, b.maxRetryDelayMillis);
      }
    }),
  );
  await client.close();
};

/** SIMULATED: Terraform's Google provider schedule (an immediate get, then a fixed 10 s), plain fetch. */
export const terraformSimulated: Peer = async (url, names) => {
  await Promise.all(
    names.map(async (name) => {
      await fetch(`${url}/v1/${name}:cancel`, { method: "POST", body: "{}" });
      for (;;) {
        const op = (await (await fetch(`${url}/v1/${name}`)).json()) as { done?: boolean };
        if (op.done) return;
        await new Promise((r) => setTimeout(r, 10_000));
      }
    }),
  );
};

/**
 * gcloud 528 waiting on an LRO with its own waiter: `connectors create` without --async. It
 * cannot cancel, so it is measured on operations that finish at known times.
 */
export function gcloudCreate(url: string, project: string, id: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-gcloud-"));
  mkdirSync(path.join(dir, "configurations"));
  writeFileSync(
    path.join(dir, "configurations", "config_default"),
    `[core]\nproject = ${project}\ndisable_prompts = true\ndisable_usage_reporting = true\n[auth]\ndisable_credentials = true\n[component_manager]\ndisable_update_check = true\n[api_endpoint_overrides]\nbeyondcorp = ${url}/\n`,
  );
  writeFileSync(path.join(dir, "active_config"), "default");
  return new Promise((resolve, reject) => {
    const child = spawn(
      "gcloud",
      [
        "beta",
        "beyondcorp",
        "app",
        "connectors",
        "create",
        id,
        "--location=us-central1",
        `--member=serviceAccount:bench@${project}.iam.gserviceaccount.com`,
        "--quiet",
      ],
      { env: { ...process.env, CLOUDSDK_CONFIG: dir }, stdio: "ignore" },
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`gcloud exited ${code}`))));
  });
}
