/**
 * examples/guard-security-gateway-application through the real `pulumi` CLI on a file backend,
 * against the emulator, through both doors (the dynamic resource from TypeScript, the provider
 * plugin from YAML). Pulumi's GCP provider plugin (pulumi-resource-gcp) cannot be had offline, so
 * the security gateway and its application are created in the emulator by a real REST client over
 * a socket, and the program is the example's guard with their ids from config
 * (test/fixtures/guard-application). The watch's targets carry the project id; the emulator writes
 * every operation's `metadata.target` with the project number.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator";
import { call } from "../helpers/emulator";
import { InstalledPlugin } from "../helpers/plugin";
import { requirePulumi, ROOT, TestStack } from "../helpers/pulumi";
import { typescriptProject } from "../../scripts/installed-package";

const skip = requirePulumi();
const PROJECT = "demo-project";
const NUMBER = "123456789012";
const LOC = `projects/${PROJECT}/locations/global`;
const TOKEN = "ya29.guard-application-token";

const YAML = `name: bcops-guard-application-yaml
runtime: yaml
config:
  project: { type: string }
  gatewayId: { type: string }
  applicationId: { type: string }
  endpoint: { type: string }
  accessToken: { type: string, secret: true }
resources:
  application-guard:
    type: beyondcorp-ops:OperationCanceller
    properties:
      watches:
        - parent: projects/\${project}/locations/global
          targets:
            - \${gatewayId}
            - \${applicationId}
      timeout: 2m
      endpoint: \${endpoint}
      accessToken: \${accessToken}
      pollInitialDelay: 100ms
      pollMaxDelay: 1s
`;

interface Op {
  name: string;
  metadata: { target: string; verb: string };
}

/** A gateway and its application, ready, each with an update in flight; and a bystander gateway. */
async function createWorld(emu: Emulator, suffix: string) {
  const api = async (method: string, p: string, body: unknown) => {
    const r = await call(emu.url, method, `/v1/${LOC}/${p}`, { body });
    assert.equal(r.status, 200, `${method} ${p}: ${r.text}`);
    return r.json<Op>();
  };
  const gw = `gw-${suffix}`;
  emu.configure({ lroDoneAfterMs: 0 });
  await api("POST", `securityGateways?securityGatewayId=${gw}`, { displayName: "gw" });
  await api("POST", `securityGateways?securityGatewayId=bystander-${suffix}`, { displayName: "other" });
  await api("POST", `securityGateways/${gw}/applications?applicationId=app`, {
    displayName: "app",
    endpointMatchers: [{ hostname: "app.example.com", ports: [443] }],
  });
  // An interrupted `pulumi up` left these running.
  emu.configure({ lroDoneAfterMs: null });
  const gatewayUpdate = await api("PATCH", `securityGateways/${gw}?updateMask=display_name`, {
    displayName: "gw renamed",
  });
  const appUpdate = await api("PATCH", `securityGateways/${gw}/applications/app?updateMask=display_name`, {
    displayName: "app renamed",
  });
  const bystander = await api("PATCH", `securityGateways/bystander-${suffix}?updateMask=display_name`, {
    displayName: "other renamed",
  });
  return {
    gatewayId: `${LOC}/securityGateways/${gw}`,
    applicationId: `${LOC}/securityGateways/${gw}/applications/app`,
    guarded: [gatewayUpdate, appUpdate],
    bystander,
  };
}

describe(
  "guard a SecurityGatewayApplication with a watch, project id vs number",
  { skip, concurrency: false },
  () => {
    let emu: Emulator;
    let plugin: InstalledPlugin;
    let yamlDir: string;
    const stacks: TestStack[] = [];

    before(async () => {
      emu = await startEmulator({ projectNumbers: { [PROJECT]: NUMBER }, targetProject: "number" });
      plugin = new InstalledPlugin();
      yamlDir = mkdtempSync(path.join(tmpdir(), "bcops-guard-app-"));
      writeFileSync(path.join(yamlDir, "Pulumi.yaml"), YAML);
      appendFileSync(path.join(yamlDir, "Pulumi.yaml"), plugin.pulumiYamlBlock());
    });
    after(async () => {
      for (const s of stacks) s.dispose();
      rmSync(yamlDir, { recursive: true, force: true });
      plugin?.dispose();
      await emu?.close();
    });

    const doors = [
      [
        "dynamic resource (TypeScript)",
        () =>
          typescriptProject(
            "guard-app",
            "bcops-guard-application",
            readFileSync(path.join(ROOT, "test/fixtures/guard-application/index.ts"), "utf8"),
          ),
      ],
      ["provider plugin (YAML)", () => yamlDir],
    ] as const;
    for (const [door, dir] of doors) {
      test(`${door}: up tracks the two updates, destroy cancels exactly them`, async () => {
        const suffix = door.startsWith("dynamic") ? "ts" : "yaml";
        const world = await createWorld(emu, suffix);
        for (const o of [...world.guarded, world.bystander])
          assert.ok(
            o.metadata.target.startsWith(`projects/${NUMBER}/`),
            `written with the number: ${o.metadata.target}`,
          );
        const stack = new TestStack(`guard-app-${suffix}`, dir());
        stacks.push(stack);
        stack.config("project", PROJECT);
        stack.config("gatewayId", world.gatewayId);
        stack.config("applicationId", world.applicationId);
        stack.config("endpoint", emu.url);
        stack.config("accessToken", TOKEN, true);

        const up = await stack.run(["up", "--skip-preview"]);
        assert.equal(up.code, 0, up.out);
        assert.match(up.out, /tracking 2 operation\(s\), 2 in flight; nothing is cancelled on create/);
        assert.match(
          up.out,
          /watch projects\/demo-project\/locations\/global: 2 in-flight operation\(s\) match \(2 with the project written in its other form, id or number\); the server applied the filter/,
        );

        // The real server's filter support is unknown: at destroy this one refuses it.
        emu.configure({ listFilter: "unimplemented" });
        try {
          const down = await stack.run(["destroy", "--skip-preview"]);
          assert.equal(down.code, 0, down.out);
          assert.match(
            down.out,
            /watch .*: 2 in-flight operation\(s\) match .*; the server refused the filter \(UNIMPLEMENTED: /,
          );
          assert.match(down.out, /delete: 2 operation\(s\) terminal in .*: 2 CANCELLED/);
          for (const line of `${up.out}${down.out}`.split("\n").filter((l) => l.includes("] watch ")))
            process.stdout.write(`# ${suffix}: ${line.trim()}\n`);
        } finally {
          emu.configure({ listFilter: "apply" });
        }
        const byName = new Map(emu.operations().map((s) => [s.name, s]));
        for (const o of world.guarded)
          assert.equal(byName.get(o.name)?.cancelCount, 1, `${o.name} cancelled once`);
        assert.equal(
          byName.get(world.bystander.name)?.cancelCount,
          0,
          "the bystander gateway's update is left alone",
        );
        const app = await call(emu.url, "GET", `/v1/${world.applicationId}`);
        assert.equal(
          app.json<{ displayName: string }>().displayName,
          "app",
          "the cancelled update changed nothing",
        );
      });
    }
  },
);
