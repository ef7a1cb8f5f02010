/**
 * Watches against servers whose filter support we do not know, over real sockets to the emulator:
 * a server that refuses the filter (INVALID_ARGUMENT or UNIMPLEMENTED), one that ignores it, and
 * one that writes `metadata.target` with the project number where the user wrote the id (or the
 * reverse). Each says how it went, in one progress event and one `[beyondcorp] watch …` line.
 */
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { OperationsClient } from "../../src/client/operations-client";
import { startEmulator, type Emulator } from "../../src/emulator";
import type { ProgressEvent, WatchEvent } from "../../src/wait/progress";
import { resolveWatch, type Watch } from "../../src/wait/watch";
import * as runtime from "../../src/pulumi/runtime";
import { call } from "../helpers/emulator";
import { captureLog } from "../helpers/console";

const ID = "demo-project";
const NUMBER = "123456789012";
const at = (project: string) => `projects/${project}/locations/global`;
const GW = (project: string) => `${at(project)}/securityGateways/gw`;
const NO_ENV = {};

describe("watches on servers with unknown filter support", () => {
  let emu: Emulator;
  let client: OperationsClient;
  before(async () => {
    emu = await startEmulator({ lroDoneAfterMs: null });
    client = new OperationsClient({ endpoint: emu.url, noAuth: true, maxAttempts: 1 }, { env: NO_ENV });
  });
  after(async () => {
    await client.close();
    await emu.close();
  });
  beforeEach(() => emu.reset());

  async function resolved(w: Omit<Watch, "parent"> & { parent: string }) {
    const events: WatchEvent[] = [];
    const onProgress = (e: ProgressEvent) => void (e.type === "watch" && events.push(e));
    const names = await resolveWatch(client, { ...w, parent: client.parent(w.parent) }, {}, { onProgress });
    assert.equal(events.length, 1, "one watch event per resolution");
    return { ops: names.map((n) => n.operation).sort(), event: events[0] as WatchEvent };
  }

  function seedMix(project = ID) {
    const P = at(project);
    emu.seed({ name: `${P}/operations/upd`, target: GW(project), verb: "update" });
    emu.seed({ name: `${P}/operations/crt`, target: GW(project), verb: "create" });
    emu.seed({ name: `${P}/operations/done`, target: GW(project), verb: "update", doneAfterMs: 0 });
    emu.seed({ name: `${P}/operations/other`, target: `${P}/securityGateways/other`, verb: "update" });
  }

  for (const mode of ["unimplemented", "invalid-argument"] as const) {
    test(`a server that refuses the filter (${mode}) is listed without one and matched here`, async () => {
      seedMix();
      emu.configure({ listFilter: mode });
      const { ops, event } = await resolved({ parent: at(ID), targets: [GW(ID)], filter: 'verb="update"' });
      assert.deepEqual(ops, ["upd"]);
      assert.equal(event.listing, "refused");
      assert.equal(event.listed, 4);
      assert.match(event.reason ?? "", mode === "unimplemented" ? /^UNIMPLEMENTED: / : /^INVALID_ARGUMENT: /);
      const lists = emu.requests().filter((r) => r.route === "list");
      assert.deepEqual(
        lists.map((r) => r.status),
        [mode === "unimplemented" ? 501 : 400, 200],
      );
    });
  }

  test("a server that ignores the filter cannot widen the watch", async () => {
    seedMix();
    emu.configure({ listFilter: "ignore" });
    const both = await resolved({ parent: at(ID), targets: [GW(ID)], filter: 'metadata.verb="update"' });
    assert.deepEqual(both.ops, ["upd"]);
    assert.equal(both.event.listing, "ignored");
    assert.equal(both.event.outside, 2, "the done one and the create were outside the filter");
    // A filter-only watch: the server's whole list would otherwise be cancelled.
    const only = await resolved({ parent: at(ID), filter: 'metadata.verb="update"' });
    assert.deepEqual(only.ops, ["other", "upd"]);
    assert.equal(only.event.listing, "ignored");
  });

  test("a server that applies the filter says so, and nothing in flight reads as such", async () => {
    seedMix();
    const hit = await resolved({ parent: at(ID), targets: [GW(ID)] });
    assert.deepEqual(hit.ops, ["crt", "upd"]);
    assert.equal(hit.event.listing, "filtered");
    const none = await resolved({ parent: at(ID), targets: [`${at(ID)}/securityGateways/absent`] });
    assert.deepEqual(none.ops, []);
    assert.equal(none.event.listing, "filtered");
    assert.equal(none.event.matched, 0);
  });

  async function createGatewayAndApp(project: string) {
    const gw = await call(emu.url, "POST", `/v1/${at(project)}/securityGateways?securityGatewayId=gw`, {
      body: { displayName: "gw" },
    });
    assert.equal(gw.status, 200, gw.text);
    // The gateway must be ready before an application can be created under it.
    emu.configure({ lroDoneAfterMs: 0 });
    const gw2 = await call(emu.url, "POST", `/v1/${at(project)}/securityGateways?securityGatewayId=gw2`, {
      body: {},
    });
    assert.equal(gw2.status, 200, gw2.text);
    emu.configure({ lroDoneAfterMs: null });
    const app = await call(
      emu.url,
      "POST",
      `/v1/${at(project)}/securityGateways/gw2/applications?applicationId=app`,
      {
        body: { displayName: "app" },
      },
    );
    assert.equal(app.status, 200, app.text);
    const upd = await call(
      emu.url,
      "PATCH",
      `/v1/${at(project)}/securityGateways/gw2?updateMask=display_name`,
      {
        body: { displayName: "renamed" },
      },
    );
    assert.equal(upd.status, 200, upd.text);
    return [gw, app, upd].map((r) => r.json<{ name: string; metadata: { target: string } }>());
  }

  for (const [written, given] of [
    ["number", "id"],
    ["id", "number"],
  ] as const) {
    test(`targets match when the server writes the project ${written} and the user its ${given}`, async () => {
      emu.configure({ projectNumbers: { [ID]: NUMBER }, targetProject: written });
      const urlProject = given === "id" ? ID : NUMBER;
      const seen = written === "id" ? ID : NUMBER;
      const ops = await createGatewayAndApp(urlProject);
      assert.ok(
        ops.every((o) => o.metadata.target.startsWith(`projects/${seen}/`)),
        JSON.stringify(ops),
      );
      const gw2 = `${at(urlProject)}/securityGateways/gw2`;
      const { ops: found, event } = await resolved({
        parent: at(urlProject),
        targets: [`${gw2}/applications/app`, gw2],
      });
      assert.equal(found.length, 2, "the application's create and the gateway's update");
      assert.deepEqual(
        found,
        ops
          .slice(1)
          .map((o) => o.name.split("/").pop())
          .sort(),
      );
      assert.equal(event.matched, 2);
      assert.equal(event.otherForm, 2);
      // Another project's gateway of the same id is another resource.
      const other = await resolved({
        parent: at(urlProject),
        targets: [`${at("other-project")}/securityGateways/gw2`],
      });
      assert.deepEqual(other.ops, []);
    });
  }

  test("the hooks' lines tell nothing in flight from a watch that could not see", async () => {
    seedMix();
    const props = { endpoint: emu.url, accessToken: "ya29.watch-test" };
    const watches = [{ parent: at(ID), targets: [`${at(ID)}/securityGateways/absent`] }];
    const quiet = await captureLog(() => runtime.create({ ...props, watches } as never));
    assert.ok(
      quiet.some((l) =>
        /^\[beyondcorp\] watch projects\/demo-project\/locations\/global: no operation in flight matches; the server applied the filter/.test(
          l,
        ),
      ),
      quiet.join("\n"),
    );
    emu.configure({ listFilter: "unimplemented" });
    const refused = await captureLog(() =>
      runtime.create({ ...props, watches: [{ parent: at(ID), targets: [GW(ID)] }] } as never),
    );
    assert.ok(
      refused.some((l) =>
        /watch .*: 2 in-flight operation\(s\) match; the server refused the filter \(UNIMPLEMENTED: /.test(l),
      ),
      refused.join("\n"),
    );
    emu.addFault({ route: "list", times: -1, fault: { type: "status", status: 403 } as never });
    let failed: unknown;
    const lines = await captureLog(() =>
      runtime.create({ ...props, watches } as never).catch((err: unknown) => void (failed = err)),
    );
    assert.ok(failed, "create fails when the watch cannot list");
    assert.ok(
      lines.some((l) =>
        /watch .*: could not list operations \(PERMISSION_DENIED: .*\); the watch saw nothing/.test(l),
      ),
      lines.join("\n"),
    );
  });
});
