/**
 * The plugin runs on whatever `node` the engine finds on PATH (`#!/usr/bin/env node`). On a Node
 * older than package.json's `engines` it would start and then fail deep inside a hook with a
 * message about `undefined`; it refuses to start instead, naming both versions.
 */

/** The reason this Node cannot run the plugin, or undefined. `required` is an `>=X.Y.Z` range. */
export function unsupportedNode(required: string, actual: string): string | undefined {
  const want = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(required.trim());
  if (!want) return undefined;
  const have = actual.replace(/^v/, "").split(".").map(Number);
  for (const [i, w] of want.slice(1).map(Number).entries()) {
    const h = have[i] ?? 0;
    if (h > w) return undefined;
    if (h < w)
      return `pulumi-resource-beyondcorp-ops needs Node.js ${required.trim()}, but the \`node\` on PATH is ${actual}: put a newer node first on PATH`;
  }
  return undefined;
}
