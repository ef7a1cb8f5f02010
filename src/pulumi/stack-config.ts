import type { ConnectionLayer } from "../client/connection";
import { CONNECTION_OPTIONS } from "../options/spec";

/** Settings from the stack's `gcp:*` config, the same keys as @pulumi/gcp's provider (spec.ts). */
export function stackConnectionFrom(get: (key: string) => string | undefined): ConnectionLayer {
  const layer: ConnectionLayer = {};
  for (const key of ["endpoint", "credentials", "accessToken", "impersonateServiceAccount"] as const) {
    const v = get(CONNECTION_OPTIONS[key].gcpConfig);
    if (typeof v === "string" && v !== "") layer[key] = v;
  }
  const universe = get("gcp:universeDomain");
  if (universe) layer.universeDomain = universe;
  const billing = get(CONNECTION_OPTIONS.quotaProject.gcpConfig);
  const override = get("gcp:userProjectOverride");
  if (billing && (override === undefined || /^true$/i.test(override))) layer.quotaProject = billing;
  return layer;
}
