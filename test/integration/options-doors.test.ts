/**
 * One option table, three doors: the same bad value through the Pulumi resource's `check`, the CLI
 * and the library gets the same rule, naming the option as that door spells it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { OperationsClient } from "../../src/client/operations-client";
import { BeyondCorpError } from "../../src/core/errors";
import { cancelAndWait } from "../../src/wait/waiter";
import { checkInputs } from "../../src/pulumi/inputs";
import { runCli } from "../helpers/cli";

const OP = "projects/my-project/locations/global/operations/op-1";
/** No request is made: validation happens before the network. */
const NO_SERVER = ["--endpoint", "http://127.0.0.1:9", "--no-auth"];

const CASES = [
  {
    option: "timeout",
    resource: "50ms",
    cli: ["--timeout", "50ms"],
    library: { timeoutMillis: 50 },
    cliName: "--timeout",
    libName: "timeoutMillis",
  },
  {
    option: "timeout",
    resource: "25h",
    cli: ["--timeout", "25h"],
    library: { timeoutMillis: 25 * 3_600_000 },
    cliName: "--timeout",
    libName: "timeoutMillis",
  },
  {
    option: "onCancelUnsupported",
    resource: "explode",
    cli: ["--on-unsupported", "explode"],
    library: { onCancelUnsupported: "explode" as never },
    cliName: "--on-unsupported",
    libName: "onCancelUnsupported",
  },
] as const;

/** The rule part of an error message: everything after "<name>: " and before " (got …)". */
const rule = (message: string, name: string) => {
  assert.ok(message.includes(`${name}: `), `${JSON.stringify(message)} names ${name}`);
  return message
    .slice(message.indexOf(`${name}: `) + name.length + 2)
    .replace(/ \(got .*$/s, "")
    .trim();
};

for (const c of CASES) {
  test(`${c.option}=${c.resource}: the same rule from the resource, the CLI and the library`, async () => {
    const failures = checkInputs({ operations: [OP], [c.option]: c.resource });
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0]!.property, c.option);
    const fromResource = rule(failures[0]!.reason, c.option);

    const cli = await runCli(["cancel", OP, "--wait", ...c.cli, ...NO_SERVER]);
    assert.equal(cli.code, 2, cli.stderr);
    const fromCli = rule(cli.stderr, c.cliName);

    const client = new OperationsClient({ endpoint: "http://127.0.0.1:9", noAuth: true });
    const err = await cancelAndWait(client, [client.name(OP)], c.library).then(
      () => assert.fail("the library accepted the bad value"),
      (e: unknown) => e,
    );
    await client.close();
    assert.ok(BeyondCorpError.is(err) && err.code === "ERR_INVALID_INPUT", String(err));
    assert.equal(err.field, c.libName);
    const fromLibrary = rule(err.message, c.libName);

    assert.ok(fromResource.length > 10, fromResource);
    assert.equal(fromCli, fromResource);
    assert.equal(fromLibrary, fromResource);
  });
}
