/**
 * What the client says about itself on every request (client/version.ts): the package's version
 * from its package.json and the Node version, in the x-goog-api-client form Google's clients use.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { API_CLIENT_HEADER, PACKAGE_VERSION } from "../../src/client/version";

test("x-goog-api-client is beyondcorp-ops/<package.json version> gl-node/<node version>", () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8")) as {
    version: string;
  };
  assert.equal(PACKAGE_VERSION, pkg.version);
  assert.match(PACKAGE_VERSION, /^\d+\.\d+\.\d+/);
  assert.equal(API_CLIENT_HEADER, `beyondcorp-ops/${pkg.version} gl-node/${process.versions.node}`);
});
