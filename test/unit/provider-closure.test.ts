/**
 * Pulumi serializes the dynamic provider object into state, with everything its methods capture.
 * For a package under `node_modules`, a captured module is written as a `require` of its path
 * through the package's `exports` map, and any path the map does not open fails `pulumi up`
 * (issue 20: capturing provider.ts's own `exports` broke every registry install). The provider must
 * capture plain values only, and load code through `beyondcorp-ops/provider-runtime` alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { createProvider } from "../../src/pulumi/provider";

/** What the serialized closure's `with({...})` scopes capture, by name. */
function capturedNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/with\(\{ (.*?) \}\) \{/g))
    for (const k of m[1]!.matchAll(/(?:^|, )([A-Za-z_$][\w$]*): /g)) names.add(k[1]!);
  return [...names].sort();
}

test("the serialized provider captures only plain values and requires only the public runtime entry", async () => {
  const provider = createProvider();
  const { text } = await pulumi.runtime.serializeFunction(() => provider, { isFactoryFunction: true });
  assert.deepEqual(
    capturedNames(text).filter((n) => n !== "this" && n !== "arguments"),
    ["ctx", "fallback", "load", "provider", "runtimeMissing"],
    text,
  );
  const requires = [...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
  assert.deepEqual(requires, ['"beyondcorp-ops/provider-runtime"', "fallback"], text);
  assert.doesNotMatch(text, /\bexports\b(?!\.handler = )/, "the module's exports are captured");
});
