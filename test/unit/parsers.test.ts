import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseOperation } from "../../src/lro/operation";
import { errorFromResponse, BeyondCorpError } from "../../src/core/errors";
import { checkFilter } from "../../src/client/filter";
import { watchFilter } from "../../src/wait/watch";
import { parseLocationName } from "../../src/lro/names";
import { normalizeEndpoint } from "../../src/auth/endpoint";
import { propertyRuns } from "../helpers/property-runs";

const anyJson = fc.jsonValue({ maxDepth: 4 });
const opLike = fc.record(
  {
    name: fc.oneof(
      fc.constant("projects/my-project/locations/global/operations/op-1"),
      fc.string({ maxLength: 60 }),
      fc.integer(),
    ),
    done: fc.oneof(fc.boolean(), fc.constant("true"), fc.constant(null)),
    error: fc.oneof(
      fc.record({ code: fc.oneof(fc.integer(), fc.string()), message: fc.oneof(fc.string(), fc.integer()) }),
      anyJson,
    ),
    response: anyJson,
    metadata: anyJson,
  },
  { requiredKeys: [] },
);

test("property: every Operation body the client parses is accepted or refused with ERR_BAD_RESPONSE / ERR_INVALID_INPUT", () => {
  fc.assert(
    fc.property(fc.oneof(opLike, anyJson), (body) => {
      try {
        const op = parseOperation(body, "/v1/x", "v1");
        assert.equal(typeof op.done, "boolean");
        assert.ok(!(op.error && op.hasResponse));
        if (op.done) assert.ok(op.error !== undefined || op.hasResponse);
        assert.match(op.name, /^projects\/my-project\/locations\/global\/operations\//);
      } catch (err) {
        assert.ok(
          BeyondCorpError.is(err) && (err.code === "ERR_BAD_RESPONSE" || err.code === "ERR_INVALID_INPUT"),
          String(err),
        );
      }
    }),
    { numRuns: propertyRuns(10_000) },
  );
});

test("property: error bodies of any shape become one BeyondCorpError with a google.rpc status", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 400, max: 599 }),
      fc.oneof(anyJson, fc.record({ error: anyJson })),
      (status, body) => {
        const err = errorFromResponse(status, body, "/v1/x");
        assert.ok(BeyondCorpError.is(err));
        assert.equal(err.code, "ERR_API");
        assert.equal(err.httpStatus, status);
        assert.ok(Number.isInteger(err.rpcCode) && err.rpcCode >= 0 && err.rpcCode <= 16);
      },
    ),
    { numRuns: propertyRuns(10_000) },
  );
});

test("property: filters are bounded and printable; watch filters quote only validated targets", () => {
  const parent = parseLocationName("projects/my-project/locations/global");
  fc.assert(
    fc.property(
      fc.string({ maxLength: 3000 }),
      fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 }),
      (filter, targets) => {
        try {
          checkFilter(filter);
          // eslint-disable-next-line no-control-regex
          assert.ok(filter.length <= 2000 && !/[\u0000-\u001f]/.test(filter));
        } catch (err) {
          assert.ok(BeyondCorpError.is(err) && err.field === "filter");
        }
        try {
          const f = watchFilter({ parent, targets });
          for (const t of targets) assert.ok(!t.includes('"') && !t.includes("\\"));
          assert.ok(f.startsWith("done=false"));
        } catch (err) {
          assert.ok(BeyondCorpError.is(err) && err.field === "targets");
        }
      },
    ),
    { numRuns: propertyRuns(10_000) },
  );
});

test("property: an accepted endpoint is https, or http on loopback, with no path or userinfo", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.string({ maxLength: 60 }),
        fc.constantFrom("http://127.0.0.1:8080", "http://evil.example", "https://a.example/path"),
      ),
      (url) => {
        try {
          const origin = normalizeEndpoint(url);
          const u = new URL(origin);
          assert.ok(
            u.protocol === "https:" ||
              ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname) ||
              /^127\./.test(u.hostname),
          );
          assert.equal(u.username + u.password, "");
        } catch (err) {
          assert.ok(BeyondCorpError.is(err) && err.field === "endpoint", String(err));
        }
      },
    ),
    { numRuns: propertyRuns(10_000) },
  );
});
