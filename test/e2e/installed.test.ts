/**
 * The dynamic resource as users install it (issue 20): the package from `npm pack`, installed by npm
 * as an ordinary dependency of a new project, driven by the real `pulumi` CLI. A plain CommonJS
 * program (the issue's own reproduction) goes through up, refresh, an update that drops an
 * operation, and destroy; an ES module program goes through up and destroy. Both stacks run side by
 * side. (TypeScript programs, set up as `pulumi new typescript` does, are pulumi.test.ts's.)
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../src/emulator";
import { requirePulumi, TestStack, type RunResult } from "../helpers/pulumi";
import { userProject } from "../../scripts/installed-package";

const skip = requirePulumi();
const P = "projects/installed-project/locations/global";
const op = (id: string) => `${P}/operations/${id}`;
const GUARD = "pulumi-nodejs:dynamic/beyondcorp-ops:OperationCanceller";

const program = (lang: "cjs" | "esm") => `${
  lang === "esm"
    ? 'import * as pulumi from "@pulumi/pulumi";\nimport { OperationCanceller } from "beyondcorp-ops";'
    : 'const pulumi = require("@pulumi/pulumi");\nconst { OperationCanceller } = require("beyondcorp-ops");'
}

const config = new pulumi.Config();
const guard = new OperationCanceller("g", {
  operations: config.requireObject("operations"),
  endpoint: config.require("endpoint"),
  accessToken: config.requireSecret("accessToken"),
  pollInitialDelay: "50ms",
  pollMaxDelay: "500ms",
});
${lang === "esm" ? "export const tracked" : "exports.tracked"} = guard.trackedOperations;
`;

const projectFiles = (lang: "cjs" | "esm") => ({
  "Pulumi.yaml": `name: bcops-installed-${lang}\nruntime: nodejs\n`,
  "package.json": JSON.stringify({
    name: `bcops-installed-${lang}`,
    main: "index.js",
    ...(lang === "esm" ? { type: "module" } : {}),
  }),
  "index.js": program(lang),
});

describe("the dynamic resource installed from its packed tarball", { skip, concurrency: false }, () => {
  let emu: Emulator;
  const stacks = {} as Record<"cjs" | "esm", TestStack>;
  const tokens = {} as Record<"cjs" | "esm", string>;
  const ids = { cjs: ["a", "b", "dropped"], esm: ["e1", "e2"] };
  const cancelsOf = (id: string) => emu.operations().find((o) => o.name === op(id))?.cancelCount;
  const run = (lang: "cjs" | "esm", args: string[]): Promise<RunResult> => stacks[lang].runOk(args);

  before(async () => {
    emu = await startEmulator({ auth: true });
    for (const id of [...ids.cjs, ...ids.esm]) emu.seed({ name: op(id), cancelDelayMs: 200 });
    for (const lang of ["cjs", "esm"] as const) {
      const stack = new TestStack(lang, userProject(`installed-${lang}`, projectFiles(lang)));
      stacks[lang] = stack;
      stack.config("endpoint", emu.url);
      tokens[lang] = emu.issueToken();
      stack.config("accessToken", tokens[lang], true);
      for (const [i, id] of ids[lang].entries()) stack.config(`operations[${i}]`, op(id));
    }
  });
  after(async () => {
    for (const s of Object.values(stacks)) s.dispose();
    await emu?.close();
  });

  test("up tracks every operation and cancels nothing", async () => {
    const outs = await Promise.all((["cjs", "esm"] as const).map((l) => run(l, ["up", "--skip-preview"])));
    for (const r of outs) assert.match(r.out, /nothing is cancelled on create/, r.out);
    assert.equal(emu.requests().filter((r) => r.route === "cancel").length, 0);
    for (const lang of ["cjs", "esm"] as const) {
      const provider = String(stacks[lang].stateResource(GUARD).outputs["__provider"]);
      assert.match(provider, /require\("beyondcorp-ops\/provider-runtime"\)/);
      assert.doesNotMatch(
        provider,
        /require\("beyondcorp-ops\/dist\//,
        "a require of a path the exports map does not open",
      );
      stacks[lang].assertSecret(GUARD, "accessToken", tokens[lang]);
    }
  });

  test("refresh reads each operation and keeps the guard", async () => {
    emu.clearRequests();
    await run("cjs", ["refresh", "--skip-preview"]);
    const gets = emu
      .requests()
      .filter((r) => r.route === "get")
      .map((r) => r.path);
    for (const id of ids.cjs) assert.ok(gets.includes(`/v1/${op(id)}`), `${id} read: ${gets.join(", ")}`);
    assert.equal(emu.requests().filter((r) => r.route === "cancel").length, 0, "refresh cancels nothing");
  });

  test("an update that drops an operation cancels it, and only it, and waits for its end", async () => {
    stacks.cjs.must(["config", "rm", "--path", "operations[2]"]);
    const r = await run("cjs", ["up", "--skip-preview"]);
    assert.match(r.out, /1 operation\(s\) no longer tracked/, r.out);
    assert.match(r.out, new RegExp(`CANCELLED\\s+v1/${op("dropped")} `), r.out);
    assert.deepEqual(ids.cjs.map(cancelsOf), [0, 0, 1]);
  });

  test("destroy cancels every tracked operation, names each outcome, and empties both stacks", async () => {
    const outs = await Promise.all(
      (["cjs", "esm"] as const).map((l) => run(l, ["destroy", "--skip-preview"])),
    );
    for (const [i, lang] of (["cjs", "esm"] as const).entries())
      for (const id of ids[lang].filter((x) => x !== "dropped")) {
        assert.match(outs[i]!.out, new RegExp(`CANCELLED\\s+v1/${op(id)} `), outs[i]!.out);
        assert.equal(cancelsOf(id), 1, id);
      }
    for (const s of emu.operations())
      assert.ok(s.doneAtMs !== null && s.doneAtMs <= Date.now(), `${s.name} not terminal`);
    for (const s of Object.values(stacks)) assert.doesNotMatch(s.stateText(), /OperationCanceller/);
  });
});
