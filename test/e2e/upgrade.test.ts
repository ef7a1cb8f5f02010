// Stacks survive an upgrade: state written by beyondcorp-ops 0.1.0 (test/fixtures/upgrade-0.1.0,
// see its README) is imported into a fresh file backend and driven by the current package with the
// real pulumi CLI: refresh, an update that drops an operation and a whole guard, then destroy.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator, type SeedSpec } from "../../src/emulator";
import { requirePulumi, ROOT, TestStack, type RunResult } from "../helpers/pulumi";
import { PROGRAM_DEPENDENCIES, userProject } from "../../scripts/installed-package";

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;

const skip = requirePulumi();
const FIXTURE = path.join(ROOT, "test/fixtures/upgrade-0.1.0");
const STACK = "upgrade"; // URNs in the fixture name this stack and project
const TOKEN = "ya29.upgrade-fixture-token-0.1.0"; // what make-fixture.sh stored, encrypted
/** Where 0.1.0 was installed when the fixture was made; make-fixture.sh deletes it afterwards. */
const OLD_RUNTIME =
  "/tmp/beyondcorp-ops-upgrade-0.1.0/project/node_modules/beyondcorp-ops/dist/pulumi/runtime.js";
/** A hang fails here, with the output so far, instead of at the test runner's timeout. */
const STEP_LIMIT_MS = 120_000;

const P = "projects/upgrade-project/locations/global";
const ALPHA = "projects/upgrade-project/locations/us-central1";
const G = "v1/projects/upgrade-project/locations/global/operations";

interface Resource {
  urn: string;
  id?: string;
  type: string;
  outputs?: Record<string, unknown>;
}
const GUARD_TYPE = "pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller";
const resourcesOf = (deployment: string): Resource[] =>
  (JSON.parse(deployment) as { deployment: { resources?: Resource[] } }).deployment.resources ?? [];
const guardOf = (deployment: string, name: string): Resource | undefined =>
  resourcesOf(deployment).find((r) => r.type === GUARD_TYPE && r.urn.endsWith(`::${name}`));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/** The `[beyondcorp] OUTCOME name …` line the provider logs for one operation. */
const outcomeLine = (outcome: string, name: string) => new RegExp(`${outcome}\\s+${escape(name)} `);

describe("a stack made with 0.1.0 survives the upgrade to this version", { skip, concurrency: false }, () => {
  const fixtureState = readFileSync(path.join(FIXTURE, "state.json"), "utf8");
  const seeds = JSON.parse(readFileSync(path.join(FIXTURE, "seed.json"), "utf8")) as SeedSpec[];
  let emu: Emulator;
  let project: string;
  let stack: TestStack;

  const cancelsOf = (name: string) => emu.operations().find((o) => o.name === name)?.cancelCount;
  const step = async (args: string[]): Promise<RunResult> => {
    const started = Date.now();
    const r = await stack.runOk(args, STEP_LIMIT_MS);
    process.stdout.write(`# pulumi ${args[0]}: ${Date.now() - started} ms\n`);
    return r;
  };

  before(async () => {
    emu = await startEmulator();
    for (const spec of seeds) emu.seed(spec);
    // The user's project after `npm install beyondcorp-ops@<this version>`: the package installed
    // from this checkout's packed tarball. The dynamic-provider host runs here, and 0.1.0's serialized provider resolves
    // `beyondcorp-ops/provider-runtime` from here.
    project = userProject("upgrade", {
      "Pulumi.yaml": readFileSync(path.join(FIXTURE, "program/Pulumi.yaml"), "utf8"),
      "index.ts": readFileSync(path.join(FIXTURE, "upgraded/index.ts"), "utf8"),
      "package.json": JSON.stringify({
        name: "beyondcorp-upgrade-fixture",
        private: true,
        dependencies: { "@pulumi/pulumi": PROGRAM_DEPENDENCIES["@pulumi/pulumi"], "beyondcorp-ops": VERSION },
      }),
    });
    stack = new TestStack(STACK, project, readFileSync(path.join(FIXTURE, "PASSPHRASE"), "utf8").trim());
    // Nothing but the stack's secrets may authenticate, and only the emulator may answer.
    for (const k of [
      "GOOGLE_OAUTH_ACCESS_TOKEN",
      "GOOGLE_CREDENTIALS",
      "GOOGLE_APPLICATION_CREDENTIALS",
      "GOOGLE_IMPERSONATE_SERVICE_ACCOUNT",
      "GOOGLE_BILLING_PROJECT",
      "USER_PROJECT_OVERRIDE",
    ])
      delete stack.env[k];
    stack.env["GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT"] = emu.url;
    cpSync(path.join(FIXTURE, "Pulumi.upgrade.yaml"), stack.configFile);
  });

  after(async () => {
    stack?.dispose();
    await emu?.close();
  });

  test("the fixture: 0.1.0's serialized provider, encrypted secrets, a seed for every tracked operation", () => {
    const guards = resourcesOf(fixtureState).filter((r) => r.type === GUARD_TYPE);
    assert.deepEqual(guards.map((g) => g.urn.split("::").pop()).sort(), ["retired-guard", "upgrade-guard"]);
    for (const g of guards) {
      const provider = String(g.outputs?.["__provider"]);
      assert.match(provider, /require\("beyondcorp-ops\/provider-runtime"\)/);
      assert.ok(provider.includes(OLD_RUNTIME), `${g.urn}: __provider falls back to ${OLD_RUNTIME}`);
      for (const k of ["accessToken", "credentials"].filter((k) => g.outputs?.[k] !== undefined))
        assert.match(
          String((g.outputs?.[k] as { ciphertext?: string }).ciphertext),
          /^v1:/,
          `${k} encrypted`,
        );
    }
    assert.ok(
      !existsSync(OLD_RUNTIME),
      `${OLD_RUNTIME} exists: the test could pass on 0.1.0's runtime; delete it (make-fixture.sh does)`,
    );
    assert.ok(!fixtureState.includes(TOKEN) && !fixtureState.includes("client-secret"), "plaintext secret");
    const tracked = guards.flatMap((g) => g.outputs?.["trackedOperations"] as string[]);
    assert.deepEqual(
      tracked.map((n) => n.replace(/^v1(alpha)?\//, "")).sort(),
      seeds.map((s) => s.name).sort(),
      "seed.json seeds exactly the operations the state tracks",
    );
  });

  test("import into a fresh file backend: secrets decrypt with the committed passphrase", () => {
    stack.must(["stack", "import", "--file", path.join(FIXTURE, "state.json")]);
    // `--show-secrets` exports a secret as {<sig>, plaintext: <its JSON>}.
    const plaintext = (v: unknown) => JSON.parse((v as { plaintext: string }).plaintext) as unknown;
    const guard = guardOf(stack.must(["stack", "export", "--show-secrets"]), "upgrade-guard");
    assert.equal(plaintext(guard?.outputs?.["accessToken"]), TOKEN);
    const credentials = JSON.parse(plaintext(guard?.outputs?.["credentials"]) as string) as { type: string };
    assert.equal(credentials.type, "authorized_user");
  });

  test("refresh: 0.1.0's provider loads this version's runtime and reads every operation", async () => {
    emu.clearRequests();
    const before = stack.must(["stack", "export"]);
    await step(["refresh", "--skip-preview"]);
    const gets = emu.requests().filter((r) => r.route === "get");
    assert.deepEqual(
      gets.map((r) => r.path).sort(),
      [
        `/v1/${P}/operations/gw-op`,
        `/v1/${P}/operations/op-cancel`,
        `/v1/${P}/operations/op-complete`,
        `/v1/${P}/operations/op-done`,
        `/v1/${P}/operations/op-dropped`,
        "/v1/organizations/424242/locations/global/operations/org-op-fail",
        `/v1alpha/${ALPHA}/operations/alpha-op`,
        `/v1alpha/${ALPHA}/operations/retired-op`,
      ].sort(),
    );
    assert.ok(
      gets.every((r) => r.bearerPresent),
      "every request carries the access token from the imported state",
    );
    assert.equal(emu.requests().filter((r) => r.route === "cancel").length, 0, "refresh cancels nothing");
    const after = stack.must(["stack", "export"]);
    for (const name of ["upgrade-guard", "retired-guard"]) {
      const [was, now] = [guardOf(before, name), guardOf(after, name)];
      assert.equal(now?.id, was?.id, `${name} keeps its id`);
      assert.equal(
        now?.outputs?.["__provider"],
        was?.outputs?.["__provider"],
        `${name} keeps 0.1.0's provider`,
      );
    }
    const states = guardOf(after, "upgrade-guard")?.outputs?.["operationStates"] as Record<
      string,
      { state: string }
    >;
    assert.equal(states[`${G}/op-done`]?.state, "DONE");
    assert.equal(states[`${G}/op-cancel`]?.state, "PENDING");
  });

  test("up with the upgraded program cancels the dropped operation and the retired guard's", async () => {
    emu.clearRequests();
    const r = await step(["up", "--skip-preview"]);
    assert.match(r.out, /1 operation\(s\) no longer tracked: cancelling them/);
    assert.match(r.out, outcomeLine("CANCELLED", `${G}/op-dropped`));
    // retired-guard left the program: deleted through the provider 0.1.0 serialized.
    assert.match(r.out, outcomeLine("CANCELLED", `v1alpha/${ALPHA}/operations/retired-op`));
    const cancels = emu.requests().filter((x) => x.route === "cancel");
    assert.deepEqual(cancels.map((x) => x.path).sort(), [
      `/v1/${P}/operations/op-dropped:cancel`,
      `/v1alpha/${ALPHA}/operations/retired-op:cancel`,
    ]);
    assert.ok(!stack.stateText().includes(TOKEN), "access token in plaintext in state");
    const exported = stack.must(["stack", "export"]);
    assert.equal(guardOf(exported, "retired-guard"), undefined, "retired-guard deleted");
    const guard = guardOf(exported, "upgrade-guard");
    assert.ok(!(guard?.outputs?.["trackedOperations"] as string[]).includes(`${G}/op-dropped`));
    assert.ok(
      !String(guard?.outputs?.["__provider"]).includes(OLD_RUNTIME),
      "the update stores the new provider",
    );
  });

  test("destroy cancels every remaining operation, names each outcome, and empties the stack", async () => {
    emu.clearRequests();
    const r = await step(["destroy", "--skip-preview"]);
    assert.match(r.out, outcomeLine("CANCELLED", `${G}/op-cancel`));
    assert.match(r.out, outcomeLine("SUCCEEDED", `${G}/op-complete`));
    assert.match(r.out, outcomeLine("ALREADY_DONE", `${G}/op-done`));
    assert.match(r.out, outcomeLine("CANCELLED", `${G}/gw-op`));
    assert.match(r.out, outcomeLine("CANCELLED", `v1alpha/${ALPHA}/operations/alpha-op`));
    assert.match(
      r.out,
      new RegExp(
        `${outcomeLine("FAILED", "v1/organizations/424242/locations/global/operations/org-op-fail").source}.*FAILED_PRECONDITION`,
      ),
    );
    for (const id of ["op-cancel", "op-complete", "gw-op"])
      assert.equal(cancelsOf(`${P}/operations/${id}`), 1, id);
    assert.equal(cancelsOf("organizations/424242/locations/global/operations/org-op-fail"), 1);
    assert.equal(cancelsOf(`${ALPHA}/operations/alpha-op`), 1);
    assert.equal(cancelsOf(`${P}/operations/op-done`), 0, "a finished operation is not cancelled");
    assert.ok(
      emu
        .requests()
        .some((x) => x.route === "cancel" && x.path === `/v1alpha/${ALPHA}/operations/alpha-op:cancel`),
      "the v1alpha operation is cancelled through v1alpha",
    );
    for (const s of emu.operations())
      assert.ok(s.doneAtMs !== null && s.doneAtMs <= Date.now(), `${s.name} not terminal`);
    assert.doesNotMatch(stack.must(["stack", "export"]), /OperationCanceller/);
  });
});
