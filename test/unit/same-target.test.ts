/**
 * When a watch's target and an operation's `metadata.target` name the same resource
 * (lro/targets.ts): a project written as its number or its id is the same project only under that
 * project's own parent, and only a whole `projects/<x>/...` name is read that way.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseLocationName } from "../../src/lro/names";
import { sameTarget } from "../../src/lro/targets";

const byId = parseLocationName("projects/my-project/locations/global");
const org = parseLocationName("organizations/42/locations/global");
const GW = "locations/global/securityGateways/gw";
const NUMBER = "123456789012";

describe("sameTarget: what counts as a project number", () => {
  test("an id with digits in it, at either end, is an id: another project than the parent's", () => {
    for (const other of ["proj-2", "2-proj", "p1"]) {
      assert.equal(sameTarget(`projects/${other}/${GW}`, `projects/my-project/${GW}`, byId), false, other);
      assert.equal(sameTarget(`projects/my-project/${GW}`, `projects/${other}/${GW}`, byId), false, other);
    }
  });

  test("all digits is a number: the parent's project under its id", () => {
    assert.equal(sameTarget(`projects/${NUMBER}/${GW}`, `projects/my-project/${GW}`, byId), true);
    assert.equal(sameTarget(`projects/my-project/${GW}`, `projects/${NUMBER}/${GW}`, byId), true);
  });
});

describe("sameTarget: only whole project names are read for their project", () => {
  test("under an organization, a project whose number is the organization's is not the organization", () => {
    assert.equal(sameTarget(`projects/my-project/${GW}`, `projects/42/${GW}`, org), false);
    assert.equal(sameTarget(`projects/42/${GW}`, `projects/my-project/${GW}`, org), false);
  });

  test("a name that is not a project's never matches one that is (and never throws)", () => {
    assert.equal(sameTarget(`organizations/42/${GW}`, `projects/my-project/${GW}`, byId), false);
    assert.equal(sameTarget(`projects/my-project/${GW}`, `organizations/42/${GW}`, byId), false);
  });

  test("projects/ must start the name: one nested under another segment is not a project's", () => {
    assert.equal(sameTarget(`folders/1/projects/my-project/${GW}`, `projects/${NUMBER}/${GW}`, byId), false);
    assert.equal(sameTarget(`projects/${NUMBER}/${GW}`, `folders/1/projects/my-project/${GW}`, byId), false);
  });

  test("the whole name is compared: what follows a line break is not dropped", () => {
    const wanted = `projects/my-project/${GW}\nsecurityGateways/a`;
    const seen = `projects/${NUMBER}/${GW}\nsecurityGateways/b`;
    assert.equal(sameTarget(wanted, seen, byId), false);
    assert.equal(sameTarget(seen, wanted, byId), false);
  });
});
