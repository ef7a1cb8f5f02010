/**
 * Rotating credentials must never replace the guard: a replacement's delete cancels every tracked
 * operation on a plain `pulumi up`. Each door's diff (the runtime hook, the dynamic provider object
 * serialized into state, the provider plugin) is asked about a change of each connection setting
 * alone: an in-place update, never a replace. A `trigger` change is a change too (or `update`,
 * which cancels on it, would never run).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as runtime from "../../src/pulumi/runtime";
import { createProvider } from "../../src/pulumi/provider";
import { createPluginProvider } from "../../src/plugin/provider";
import { RESOURCE_TOKEN } from "../../src/plugin/schema";
import { secret } from "../../src/plugin/secrets";

type Props = Record<string, unknown>;
type Diff = { changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean };

const OP = "projects/my-project/locations/global/operations/op-1";
const URN = `urn:pulumi:dev::proj::${RESOURCE_TOKEN}::guard`;
const olds: Props = {
  operations: [OP],
  endpoint: "https://beyondcorp.googleapis.com",
  accessToken: "ya29.old-token",
  credentials: '{"type":"service_account","client_email":"old@p.iam.gserviceaccount.com"}',
  trigger: "v1",
  trackedOperations: [`v1/${OP}`],
  operationStates: {},
  __provider: "exports.handler = ...",
};

const CHANGES: Array<[string, Props]> = [
  ["accessToken", { accessToken: "ya29.new-token" }],
  [
    "credentials",
    { credentials: '{"type":"service_account","client_email":"new@p.iam.gserviceaccount.com"}' },
  ],
  ["endpoint", { endpoint: "https://beyondcorp.example.internal" }],
  ["all three", { accessToken: "ya29.t2", credentials: "{}", endpoint: "https://b.example.internal" }],
  ["accessToken removed", { accessToken: undefined }],
];

const doors: Array<[string, (o: Props, n: Props) => Promise<Diff>]> = [
  ["runtime hook", (o, n) => runtime.diff("id", o, n)],
  ["dynamic provider object", (o, n) => createProvider().diff!("id", o, n) as Promise<Diff>],
  [
    "provider plugin",
    (o, n) => {
      // The plugin receives secrets wrapped, as the engine sends them.
      const wrap = (p: Props) =>
        Object.fromEntries(
          Object.entries(p).map(([k, v]) => [k, k === "accessToken" || k === "credentials" ? secret(v) : v]),
        );
      return createPluginProvider("1.0.0", "{}").diff!("id", URN, wrap(o), wrap(n)) as Promise<Diff>;
    },
  ],
];

for (const [door, diff] of doors)
  describe(`diff through the ${door}`, () => {
    for (const [what, change] of CHANGES)
      test(`a change of ${what} is an in-place update, never a replace`, async () => {
        const d = await diff(olds, { ...olds, ...change });
        assert.equal(d.changes, true, `${what}: a change`);
        assert.deepEqual(d.replaces ?? [], [], `${what}: replaces nothing`);
        assert.notEqual(d.deleteBeforeReplace, true);
      });
    test("a trigger change is a change (update runs, and cancels), never a replace", async () => {
      const d = await diff(olds, { ...olds, trigger: "v2" });
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces ?? [], []);
    });
    test("the same inputs are no change", async () => {
      const d = await diff(olds, { ...olds, __provider: "exports.handler = other" });
      assert.equal(d.changes, false);
    });
  });
