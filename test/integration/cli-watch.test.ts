/**
 * The CLI's door to watches (`cancel|wait --watch PARENT --target T --filter F`), as a real process
 * against the emulator: it cancels what the watch matches, whatever form the project takes and
 * whatever the server does with the filter, and prints the same `watch …` line as the Pulumi doors.
 */
import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { emulatorForCli, runCli } from "../helpers/cli";

const P = "projects/demo-project/locations/global";
const GW_BY_NUMBER = "projects/123456789012/locations/global/securityGateways/gw";

describe("beyondcorp-ops --watch", () => {
  const s = emulatorForCli();
  beforeEach(() => s.emu.reset());

  test("cancels the watched operations (target by id, written by number) and says how it saw them", async () => {
    s.emu.seed({ name: `${P}/operations/on-gw`, target: GW_BY_NUMBER, verb: "update", cancelDelayMs: 50 });
    s.emu.seed({ name: `${P}/operations/on-gw-create`, target: GW_BY_NUMBER, verb: "create" });
    s.emu.seed({ name: `${P}/operations/elsewhere`, target: `${P}/securityGateways/other`, verb: "update" });
    s.emu.configure({ listFilter: "ignore" });
    const r = await runCli([
      "cancel",
      "--watch",
      P,
      "--target",
      `${P}/securityGateways/gw`,
      "--filter",
      'verb="update"',
      "--wait",
      "--json",
      ...s.connect,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; outcome: string }>;
    assert.deepEqual(
      rows.map((x) => [x.name, x.outcome]),
      [[`v1/${P}/operations/on-gw`, "CANCELLED"]],
    );
    assert.match(
      r.stderr,
      /watch projects\/demo-project\/locations\/global: 1 in-flight operation\(s\) match \(1 with the project written in its other form, id or number\); the server ignored the filter \(1 of 3 listed were outside it and were dropped here\)/,
    );
    assert.equal(s.emu.requests().filter((x) => x.route === "cancel").length, 1);
  });

  test("a watch that could not see says so and exits 1; one that sees nothing in flight exits 0", async () => {
    const quiet = await runCli(["wait", "--watch", P, "--target", `${P}/securityGateways/gw`, ...s.connect]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(
      quiet.stderr,
      /watch .*: no operation in flight matches; the server applied the filter \(0 listed\)/,
    );
    s.emu.addFault({ route: "list", times: -1, fault: { type: "status", status: 403 } as never });
    const blind = await runCli(["wait", "--watch", P, "--target", `${P}/securityGateways/gw`, ...s.connect]);
    assert.equal(blind.code, 1, blind.stderr);
    assert.match(
      blind.stderr,
      /watch .*: could not list operations \(PERMISSION_DENIED: .*\); the watch saw nothing/,
    );
  });

  test("bad watch flags are usage errors naming the flag", async () => {
    const bare = await runCli(["cancel", "--watch", P, ...s.connect]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /--watch: needs --target or --filter/);
    const uncheckable = await runCli([
      "cancel",
      "--watch",
      P,
      "--filter",
      'metadata.createTime>"x"',
      ...s.connect,
    ]);
    assert.equal(uncheckable.code, 2);
    assert.match(
      uncheckable.stderr,
      /--filter: uses 'metadata.createTime', which a watch cannot check itself/,
    );
  });
});
