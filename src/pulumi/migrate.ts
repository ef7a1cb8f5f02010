/**
 * Outputs written by an earlier release, upgraded on read, update and delete. A stack's state
 * outlives the package version that wrote it (`__provider` loads whatever is installed), so every
 * hook reads its olds through `migrateOutputs` first.
 *
 * Versions:
 * - 1 (0.1.0): no `schemaVersion`; `lastRun.requests` may be fractional.
 * - 2 (0.2.0): `schemaVersion: 2`; `lastRun.requests` is a whole number; `trackedOperations` and
 *   `operationStates` always present.
 */
import type { CancellerOutputs } from "./outputs";

export const SCHEMA_VERSION = 2;

export function migrateOutputs(olds: Record<string, unknown>): CancellerOutputs {
  const version = typeof olds["schemaVersion"] === "number" ? olds["schemaVersion"] : 1;
  if (version > SCHEMA_VERSION)
    throw new Error(
      `this stack's state was written by a newer beyondcorp-ops (outputs schema ${version}, this release reads up to ${SCHEMA_VERSION}); upgrade the package: npm install beyondcorp-ops@latest`,
    );
  const o = { ...olds } as CancellerOutputs & Record<string, unknown>;
  if (version < 2) {
    o.trackedOperations = Array.isArray(o.trackedOperations) ? o.trackedOperations : [];
    o.operationStates =
      typeof o.operationStates === "object" && o.operationStates !== null ? o.operationStates : {};
    if (o.lastRun) o.lastRun = { ...o.lastRun, requests: Math.round(o.lastRun.requests) };
  }
  o.schemaVersion = SCHEMA_VERSION;
  return o;
}
