/**
 * Each name rule with its exact message (the field, the rule, the expected shape), and the
 * formatting helpers: the rules test/unit/names.test.ts checks by pattern, pinned here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatLocation,
  parentKey,
  parentOf,
  parseLocationName,
  parseOperationName,
  versionedName,
} from "../../src/lro/names";

const OP_SHAPE = "{organizations|projects}/{id}/locations/{location}/operations/{operation}";
const PARENT_SHAPE = "{organizations|projects}/{id}/locations/{location}";
const P = "projects/my-project/locations/global";

const fails = (fn: () => unknown, message: string) =>
  assert.throws(fn, (e: Error & { code?: string }) => {
    assert.equal(e.code, "ERR_INVALID_INPUT");
    assert.equal(e.message, message);
    return true;
  });

test("operation names: each rule's message", () => {
  fails(() => parseOperationName(42), `name: must be a string of the form ${OP_SHAPE} (got "42")`);
  fails(
    () => parseOperationName(undefined, { field: "operations[0]" }),
    `operations[0]: must be a string of the form ${OP_SHAPE}`,
  );
  fails(() => parseOperationName(""), `name: must not be empty; expected ${OP_SHAPE}`);
  fails(
    () => parseOperationName(`${P}/operations/${"a".repeat(1025)}`),
    "name: must be at most 1024 characters",
  );
  fails(
    () => parseOperationName(`${P}/operations/`),
    `name: must not have empty segments; expected ${OP_SHAPE} (got "${P}/operations/")`,
  );
  fails(
    () => parseOperationName(`${P}/operations`),
    `name: must have 6 segments: ${OP_SHAPE} (got "${P}/operations")`,
  );
  fails(
    () => parseOperationName("projects/my-project/places/global/operations/op"),
    `name: wrong collection; expected ${OP_SHAPE} (got "projects/my-project/places/global/operations/op")`,
  );
  fails(
    () => parseOperationName(`${P}/jobs/op`),
    `name: wrong collection; expected ${OP_SHAPE} (got "${P}/jobs/op")`,
  );
  fails(
    () => parseOperationName("projects/my-project/locations/Global/operations/op"),
    'name: a location is a lowercase letter followed by up to 62 lowercase letters, digits or hyphens (got "projects/my-project/locations/Global/operations/op")',
  );
  fails(
    () => parseOperationName(`${P}/operations/a..b`),
    `name: an operation id is 1-200 letters, digits, '-', '_' or '.', starting with a letter or digit, without '..' (got "${P}/operations/a..b")`,
  );
});

test("operation names: 1024 characters are accepted, one more is not", () => {
  const base = `projects/my-project/locations/${"l".repeat(60)}/operations/`;
  const name = `${base}${"o".repeat(1024 - base.length)}`;
  assert.equal(name.length, 1024);
  // 1024 is within the length rule; the id itself is then too long for the id rule.
  assert.throws(() => parseOperationName(name), /an operation id is 1-200/);
  assert.throws(() => parseOperationName(`${name}o`), /must be at most 1024 characters/);
});

test("parents: each rule's message", () => {
  fails(() => parseLocationName(7), `parent: must be a string of the form ${PARENT_SHAPE} (got "7")`);
  fails(
    () => parseLocationName(`${P}/operations`),
    `parent: must have 4 segments: ${PARENT_SHAPE} (got "${P}/operations")`,
  );
  fails(
    () => parseLocationName("projects/my-project"),
    `parent: must have 4 segments: ${PARENT_SHAPE} (got "projects/my-project")`,
  );
  fails(
    () => parseLocationName("projects/my-project/zones/global"),
    `parent: wrong collection; expected ${PARENT_SHAPE} (got "projects/my-project/zones/global")`,
  );
  fails(
    () => parseLocationName(`${P}/`),
    `parent: must not have empty segments; expected ${PARENT_SHAPE} (got "${P}/")`,
  );
  assert.deepEqual(parseLocationName(`v1alpha/${P}`), {
    kind: "projects",
    container: "my-project",
    location: "global",
    apiVersion: "v1alpha",
  });
});

test("formatting: versioned name, parent, parent key", () => {
  const n = parseOperationName(`v1alpha/${P}/operations/op`);
  assert.equal(versionedName(n), `v1alpha/${P}/operations/op`);
  assert.equal(formatLocation(parentOf(n)), P);
  assert.equal(parentKey(parentOf(n)), `v1alpha/${P}`);
  assert.equal(
    parentKey(parseLocationName("organizations/123/locations/us-east1")),
    "v1/organizations/123/locations/us-east1",
  );
});
