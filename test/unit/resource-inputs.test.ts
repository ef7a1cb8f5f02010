/**
 * The resource's check (pulumi/inputs.ts): each rule of the tracking inputs, each failure naming
 * the property and the rule, exactly as `pulumi preview` shows them.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkInputs } from "../../src/pulumi/inputs";

const P = "projects/my-project/locations/global";
const OP = `${P}/operations/op-1`;
const T = `${P}/appConnections/web`;

const failures = (news: Record<string, unknown>) => checkInputs(news);

describe("what to track: operations, watches, or both", () => {
  test("operations alone, watches alone, or both, are enough", () => {
    assert.deepEqual(failures({ operations: [OP] }), []);
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [T] }] }), []);
    assert.deepEqual(failures({ watches: [{ parent: P, filter: `target="${T}"` }] }), []);
    assert.deepEqual(
      failures({ operations: [], watches: [{ parent: P, targets: [], filter: `target="${T}"` }] }),
      [],
    );
  });

  test("neither is a failure saying at least one is required", () => {
    assert.deepEqual(failures({}), [
      { property: "operations", reason: "operations or watches: at least one is required" },
    ]);
    assert.deepEqual(failures({ trigger: "x" }), [
      { property: "operations", reason: "operations or watches: at least one is required" },
    ]);
  });

  test("operations must be a list of names, each failure naming its index", () => {
    assert.deepEqual(failures({ operations: OP }), [
      { property: "operations", reason: "operations: must be a list of operation names" },
    ]);
    assert.deepEqual(failures({ operations: { 0: OP } }), [
      { property: "operations", reason: "operations: must be a list of operation names" },
    ]);
    assert.deepEqual(failures({ operations: [OP, "nope"] }), [
      {
        property: "operations[1]",
        reason:
          'operations[1]: must have 6 segments: {organizations|projects}/{id}/locations/{location}/operations/{operation} (got "nope")',
      },
    ]);
  });

  test("watches must be a list of objects", () => {
    assert.deepEqual(failures({ watches: { parent: P } }), [
      { property: "watches", reason: "watches: must be a list of {parent, targets?, filter?}" },
    ]);
    assert.deepEqual(failures({ watches: "x" }), [
      { property: "watches", reason: "watches: must be a list of {parent, targets?, filter?}" },
    ]);
    assert.deepEqual(failures({ watches: [null, 3, { parent: P, targets: [T] }] }), [
      { property: "watches[0]", reason: "watches[0]: must be an object {parent, targets?, filter?}" },
      { property: "watches[1]", reason: "watches[1]: must be an object {parent, targets?, filter?}" },
    ]);
  });

  test("a watch's parent is a location, named by its index", () => {
    assert.deepEqual(
      failures({
        watches: [
          { parent: P, targets: [T] },
          { parent: "x", targets: [T] },
        ],
      }),
      [
        {
          property: "watches[1].parent",
          reason:
            'watches[1].parent: must have 4 segments: {organizations|projects}/{id}/locations/{location} (got "x")',
        },
      ],
    );
  });

  test("a watch's targets are a list of resource names, each named by its index", () => {
    assert.deepEqual(failures({ watches: [{ parent: P, targets: T }] }), [
      { property: "watches[0].targets", reason: "watches[0].targets: must be a list of resource names" },
    ]);
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [T, "a b"] }] }), [
      {
        property: "watches[0].targets[1]",
        reason:
          'watches[0].targets[1]: must be a resource name of letters, digits and . _ ~ / : @ - (1-1024 characters) (got "a b")',
      },
    ]);
  });

  test("a watch's filter is checked in the watch grammar, named by its index", () => {
    assert.deepEqual(failures({ watches: [{ parent: P, filter: "((" }] }), [
      {
        property: "watches[0].filter",
        reason: 'watches[0].filter: ends where a condition was expected (got "((")',
      },
    ]);
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [T], filter: "((" }] }).length, 1);
  });

  test("a bare parent is refused: it would cancel every operation in the location", () => {
    const bare = {
      property: "watches[0]",
      reason:
        "watches[0]: needs targets or a filter (a bare parent would cancel every operation in the location)",
    };
    assert.deepEqual(failures({ watches: [{ parent: P }] }), [bare]);
    // No target and a blank filter narrow nothing either.
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [] }] }), [bare]);
    assert.deepEqual(failures({ watches: [{ parent: P, filter: "" }] }), [bare]);
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [], filter: "   " }] }), [bare]);
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [], filter: `target="${T}"` }] }), []);
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [T], filter: "" }] }), []);
    // Targets that are not a list, or a filter that is not text, fail as that and nothing more.
    for (const targets of [T, "", {}, 0])
      assert.deepEqual(
        failures({ watches: [{ parent: P, targets }] }).map((f) => f.property),
        ["watches[0].targets"],
        JSON.stringify(targets),
      );
    assert.deepEqual(
      failures({ watches: [{ parent: P, filter: 5 }] }).map((f) => f.property),
      ["watches[0].filter"],
    );
    assert.deepEqual(failures({ watches: [{ parent: P, targets: [T] }] }), []);
    assert.deepEqual(failures({ watches: [{ parent: P, filter: `target="${T}"` }] }), []);
  });
});

describe("every other input", () => {
  test("an unknown input is named; the engine's own (__*) and the outputs are not inputs to refuse", () => {
    assert.deepEqual(
      failures({
        operations: [OP],
        bogus: 1,
        x__: 2,
        __provider: "p",
        __internal: 1,
        schemaVersion: 2,
        trackedOperations: [],
        operationStates: {},
        lastRun: {},
      }),
      [
        { property: "bogus", reason: "bogus: unknown input" },
        { property: "x__", reason: "x__: unknown input" },
      ],
    );
  });

  test("each declared option goes through the options' checks", () => {
    assert.deepEqual(failures({ operations: [OP], timeout: "bogus" }), [
      {
        property: "timeout",
        reason: 'timeout: must be a duration like "90s", "10m" or "1h30m", from 100 ms to 24 h (got "bogus")',
      },
    ]);
    assert.deepEqual(failures({ operations: [OP], onDelete: "x" }), [
      { property: "onDelete", reason: 'onDelete: must be one of cancel, wait, abandon (got "x")' },
    ]);
    assert.deepEqual(failures({ operations: [OP], timeout: undefined, onDelete: "wait" }), []);
  });

  test("the endpoint's URL rules apply to a string endpoint; another type fails once", () => {
    assert.deepEqual(failures({ operations: [OP], endpoint: "ftp://x" }), [
      {
        property: "endpoint",
        reason: 'endpoint: scheme must be https (or http on loopback) (got "ftp://x")',
      },
    ]);
    assert.deepEqual(failures({ operations: [OP], endpoint: 5 }), [
      { property: "endpoint", reason: 'endpoint: must be a string (got "5")' },
    ]);
  });

  test("the connection settings name the one at fault", () => {
    assert.deepEqual(failures({ operations: [OP], quotaProject: "Bad Project!" }), [
      {
        property: "quotaProject",
        reason: 'quotaProject: must be a project id or number (got "Bad Project!")',
      },
    ]);
    assert.deepEqual(failures({ operations: [OP], impersonateServiceAccount: "nope" }), [
      {
        property: "impersonateServiceAccount",
        reason: 'impersonateServiceAccount: must be a service account email (got "nope")',
      },
    ]);
  });

  test("a connection setting that is not a string fails once, as not a string", () => {
    assert.deepEqual(failures({ operations: [OP], impersonateServiceAccount: 5 }), [
      {
        property: "impersonateServiceAccount",
        reason: 'impersonateServiceAccount: must be a string (got "5")',
      },
    ]);
    assert.deepEqual(failures({ operations: [OP], accessToken: ["a b"] }), [
      { property: "accessToken", reason: 'accessToken: must be a string (got "a b")' },
    ]);
  });

  test("credentials given as contents are checked, even after spaces; a path is not read", () => {
    const bad = [
      {
        property: "credentials",
        reason: "credentials: must be a credentials JSON object with a `type` field",
      },
    ];
    assert.deepEqual(failures({ operations: [OP], credentials: '{"type":1}' }), bad);
    assert.deepEqual(failures({ operations: [OP], credentials: '  \n{"type":1}' }), bad);
    assert.deepEqual(failures({ operations: [OP], credentials: "/no/such/key.json" }), []);
    assert.deepEqual(failures({ operations: [OP], credentials: "relative/{x}.json" }), []);
  });
});
