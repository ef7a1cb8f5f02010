/**
 * The real pulumi CLI on a program that passes its access token as a plain string (not
 * `config.requireSecret`): the token lands in state only as a secret. Rotating the token and the
 * endpoint is an in-place update that cancels nothing (a replace's delete would cancel every tracked
 * operation), and a `trigger` change cancels every tracked operation.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../src/emulator";
import { requirePulumi, TestStack } from "../helpers/pulumi";
import { typescriptProject } from "../../scripts/installed-package";

const skip = requirePulumi();
const P = "projects/demo-project/locations/global";
const OPS = [`${P}/operations/plain-a`, `${P}/operations/plain-b`];

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { OperationCanceller } from "beyondcorp-ops";

const config = new pulumi.Config();
// The token as a plain string from the environment (plaintext stack config would itself land in the
// dynamic provider's state): nothing but the resource makes it a secret.
new OperationCanceller("plain-guard", {
  operations: config.requireObject<string[]>("operations"),
  endpoint: config.require("endpoint"),
  accessToken: process.env["BCOPS_PLAIN_TOKEN"] ?? "",
  trigger: config.require("trigger"),
  pollInitialDelay: "50ms",
  pollMaxDelay: "200ms",
});
`;

interface StateResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** JSON paths in `value` whose string contains `needle`: where a leak is. */
function whereIs(value: unknown, needle: string, at = "$"): string[] {
  if (typeof value === "string") return value.includes(needle) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => whereIs(v, needle, `${at}[${i}]`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => whereIs(v, needle, `${at}.${k}`));
  return [];
}

describe("a plain-string token, rotated, and a trigger", { skip, concurrency: false }, () => {
  let emu: Emulator;
  let stack: TestStack;
  let project: string;
  const tokens: string[] = [];
  const cancels = () => emu.requests().filter((r) => r.route === "cancel");
  const guard = (): StateResource => {
    const state = JSON.parse(stack.must(["stack", "export"])) as {
      deployment: { resources?: StateResource[] };
    };
    const g = (state.deployment.resources ?? []).find((r) => r.type.endsWith("OperationCanceller"));
    assert.ok(g, "no guard in state");
    return g;
  };
  /** The program reads the token from its environment, a plain string. */
  const setToken = (token: string) => void (stack.env["BCOPS_PLAIN_TOKEN"] = token);
  const up = async () => (await stack.runOk(["up", "--skip-preview"])).out;

  before(async () => {
    emu = await startEmulator({ auth: true });
    for (const name of OPS) emu.seed({ name });
    project = typescriptProject("plain", "bcops-plain-token", PROGRAM);
    stack = new TestStack("plain", project);
    for (const k of ["GOOGLE_OAUTH_ACCESS_TOKEN", "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"])
      delete stack.env[k];
    tokens.push(emu.issueToken());
    stack.config("endpoint", emu.url);
    setToken(tokens[0]!);
    stack.config("trigger", "one");
    for (const [i, op] of OPS.entries()) stack.config(`operations[${i}]`, op);
  });

  after(async () => {
    stack?.dispose();
    await emu?.close();
  });

  test("up tracks, cancels nothing, and state holds the plain token only as a secret", async () => {
    await up();
    assert.equal(cancels().length, 0);
    const exported = stack.must(["stack", "export"]);
    assert.deepEqual(
      whereIs(JSON.parse(exported), tokens[0]!),
      [],
      "access token in plaintext in `pulumi stack export`",
    );
    assert.ok(!stack.stateText().includes(tokens[0]!), "access token in plaintext in the state file");
    const g = guard();
    for (const where of [g.inputs, g.outputs]) {
      const v = where?.["accessToken"] as { ciphertext?: string } | undefined;
      assert.match(String(v?.ciphertext), /^v1:/, `accessToken encrypted: ${JSON.stringify(v)}`);
    }
  });

  test("rotating the token and changing the endpoint updates in place and cancels nothing", async () => {
    const before = guard().id;
    emu.revokeAllTokens(); // the old token no longer works: only the new one can succeed
    tokens.push(emu.issueToken());
    setToken(tokens[1]!);
    stack.config("endpoint", emu.url.replace("127.0.0.1", "localhost"));
    emu.clearRequests();
    const out = await up();
    assert.doesNotMatch(out, /replac/i, out);
    assert.equal(guard().id, before, "the guard was replaced");
    assert.equal(cancels().length, 0, JSON.stringify(cancels()));
    assert.ok(
      emu.requests().every((r) => r.authorized),
      "a request carried the old token",
    );
    assert.deepEqual(
      whereIs(JSON.parse(stack.must(["stack", "export"])), tokens[1]!),
      [],
      "new token in plaintext in state",
    );
  });

  test("a trigger change cancels every tracked operation", async () => {
    stack.config("trigger", "two");
    emu.clearRequests();
    const out = await up();
    assert.match(out, /trigger changed: cancelling all 2 tracked operation\(s\)/, out);
    for (const op of OPS)
      assert.equal(
        cancels().filter((r) => r.path.includes(`${op}:cancel`)).length,
        1,
        `${op} cancelled once`,
      );
    for (const op of OPS) assert.match(out, new RegExp(`CANCELLED\\s+v1/${op}`), out);
  });

  test("destroy finishes", async () => {
    await stack.runOk(["destroy", "--skip-preview"]);
  });
});
