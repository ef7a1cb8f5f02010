import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  operationPath,
  operationsCollectionPath,
  parseLocationName,
  parseOperationName,
} from "../../src/lro/names";
import { BeyondCorpError } from "../../src/core/errors";
import { propertyRuns } from "../helpers/property-runs";

test("parses org and project operation names, v1 and v1alpha", () => {
  const a = parseOperationName("organizations/123/locations/global/operations/op-1");
  assert.equal(a.kind, "organizations");
  assert.equal(a.apiVersion, "v1");
  assert.equal(operationPath(a), "/v1/organizations/123/locations/global/operations/op-1");
  const b = parseOperationName(
    "v1alpha/projects/my-project/locations/us-central1/operations/operation-17.a_b",
  );
  assert.equal(b.apiVersion, "v1alpha");
  assert.equal(
    operationPath(b),
    "/v1alpha/projects/my-project/locations/us-central1/operations/operation-17.a_b",
  );
  const c = parseLocationName("projects/123456/locations/global");
  assert.equal(operationsCollectionPath(c), "/v1/projects/123456/locations/global/operations");
});

const BAD: Array<[string, RegExp]> = [
  ["", /must not be empty/],
  ["projects//locations/l/operations/o", /empty segments/],
  ["projects/my-project/locations/global/operations/..", /operation id/],
  ["projects/my-project/locations/global/operations/a..b", /operation id/],
  ["projects/my-project/locations/global/operations/a/../../x", /6 segments/],
  ["projects/my-project/locations/global/operations/op?x=1", /'\?'/],
  ["projects/my-project/locations/global/operations/op#f", /'#'/],
  ["projects/my-project/locations/global/operations/op%2F..", /'%'/],
  ["projects/my-project/locations/global/operations/op 1", /whitespace/],
  ["projects/my-project/locations/global/operations/op\r\nHost: evil", /whitespace/],
  ["projects/my-project/locations/global/appConnectors/op", /wrong collection/],
  ["folders/1/locations/global/operations/op", /organizations\/ or projects\//],
  ["organizations/abc/locations/global/operations/op", /organization id/],
  ["projects/My_Project/locations/global/operations/op", /project id/],
  ["//evil.example/projects/p/locations/l/operations/o", /empty segments/],
  ["/v1/projects/my-project/locations/global/operations/op", /empty segments/],
];

for (const [input, rule] of BAD) {
  test(`rejects ${JSON.stringify(input)} naming the field and rule`, () => {
    assert.throws(
      () => parseOperationName(input),
      (err: unknown) =>
        BeyondCorpError.is(err) &&
        err.code === "ERR_INVALID_INPUT" &&
        err.field === "name" &&
        rule.test(err.message),
    );
  });
}

test("property: no accepted name escapes its API path", () => {
  const seg = fc.string({ unit: fc.constantFrom(..."abcxyz019-_.:/?#%@ \\\r\n".split("")), maxLength: 12 });
  const names = fc.oneof(
    fc
      .tuple(
        fc.constantFrom("organizations", "projects", "folders", ""),
        seg,
        fc.constantFrom("locations", "x"),
        seg,
        fc.constantFrom("operations", "y"),
        seg,
      )
      .map((p) => p.join("/")),
    fc.string({ maxLength: 80 }),
  );
  fc.assert(
    fc.property(fc.constantFrom("", "v1/", "v1alpha/"), names, (prefix, name) => {
      let parsed;
      try {
        parsed = parseOperationName(prefix + name);
      } catch (err) {
        assert.ok(BeyondCorpError.is(err) && err.code === "ERR_INVALID_INPUT", String(err));
        return;
      }
      const path = operationPath(parsed);
      const url = new URL(path, "https://beyondcorp.googleapis.com");
      assert.equal(url.host, "beyondcorp.googleapis.com");
      assert.equal(url.pathname, path);
      assert.equal(url.search, "");
      assert.match(
        path,
        /^\/v1(alpha)?\/(organizations|projects)\/[^/]+\/locations\/[^/]+\/operations\/[^/]+$/,
      );
      assert.ok(!path.includes(".."));
    }),
    { numRuns: propertyRuns(10_000) },
  );
});
