/**
 * The emulator's knobs for servers a watch must survive (docs/emulator.md, Config): `listFilter`
 * and `projectNumbers` + `targetProject`. Bad values are 400 naming the field; `reset` restores.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withEmulator, type ErrorJson, type ListJson, type OperationJson } from "../helpers/emulator";

const LOC = "projects/my-project/locations/global";
const OPS = `/v1/${LOC}/operations`;

describe("emulator: listFilter, projectNumbers and targetProject", () => {
  it("refuses bad values, naming the field", async () => {
    await withEmulator({}, async (_emu, api) => {
      for (const [body, field] of [
        [{ listFilter: "sometimes" }, "listFilter"],
        [{ targetProject: "both" }, "targetProject"],
        [{ projectNumbers: { "my-project": 12 } }, "projectNumbers.my-project"],
        [{ projectNumbers: { "my-project": "12", "other-project": "12" } }, "projectNumbers.other-project"],
        [{ projectNumbers: { "123": "12" } }, "projectNumbers.123"],
        [{ projectNumbers: ["x"] }, "projectNumbers"],
      ] as const) {
        const r = await api("POST", "/emulator/config", { body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.json<ErrorJson>().error.details[0]?.metadata["field"], field, r.text);
      }
    });
  });

  it("listFilter: apply, ignore (across pages), invalid-argument, unimplemented; reset restores apply", async () => {
    await withEmulator({}, async (emu, api) => {
      for (const id of ["a", "b", "c"])
        emu.seed({ name: `${LOC}/operations/${id}`, doneAfterMs: id === "a" ? 0 : undefined });
      const list = (q: string) => api("GET", `${OPS}?filter=${encodeURIComponent("done=false")}${q}`);
      assert.deepEqual(
        (await list("")).json<ListJson>().operations?.map((o) => o.name.slice(-1)),
        ["b", "c"],
      );
      emu.configure({ listFilter: "ignore" });
      const first = (await list("&pageSize=2")).json<ListJson>();
      assert.equal(first.operations?.length, 2);
      const second = (await list(`&pageSize=2&pageToken=${first.nextPageToken}`)).json<ListJson>();
      assert.deepEqual(
        [...(first.operations ?? []), ...(second.operations ?? [])].map((o) => o.name.slice(-1)),
        ["a", "b", "c"],
      );
      assert.equal((await api("GET", OPS)).status, 200, "no filter is never refused");
      emu.configure({ listFilter: "invalid-argument" });
      const bad = await list("");
      assert.equal(bad.status, 400);
      assert.equal(bad.json<ErrorJson>().error.status, "INVALID_ARGUMENT");
      emu.configure({ listFilter: "unimplemented" });
      const unimpl = await list("");
      assert.equal(unimpl.status, 501);
      assert.equal(unimpl.json<ErrorJson>().error.details[0]?.reason, "FILTER_UNSUPPORTED");
      emu.reset();
      assert.equal((await list("")).status, 200);
    });
  });

  it("targetProject writes the target's project as its number or id; as-requested leaves it", async () => {
    await withEmulator(
      { lroDoneAfterMs: null, projectNumbers: { "my-project": "42424242" } },
      async (emu, api) => {
        const create = async (project: string, id: string) =>
          (
            await api(
              "POST",
              `/v1/projects/${project}/locations/global/securityGateways?securityGatewayId=${id}`,
              {
                body: {},
              },
            )
          ).json<OperationJson>().metadata.target;
        assert.equal(await create("my-project", "g1"), `${LOC}/securityGateways/g1`);
        emu.configure({ targetProject: "number" });
        assert.equal(
          await create("my-project", "g2"),
          "projects/42424242/locations/global/securityGateways/g2",
        );
        assert.equal(
          await create("unmapped-project", "g3"),
          "projects/unmapped-project/locations/global/securityGateways/g3",
        );
        emu.configure({ targetProject: "id" });
        assert.equal(await create("42424242", "g4"), `${LOC}/securityGateways/g4`);
        // The emulator's own filter compares the target as written.
        const byNumber = encodeURIComponent(
          'metadata.target="projects/42424242/locations/global/securityGateways/g2"',
        );
        const listed = (await api("GET", `${OPS}?filter=${byNumber}`)).json<ListJson>();
        assert.equal(listed.operations?.length, 1);
      },
    );
  });
});
