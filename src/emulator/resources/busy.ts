import { ApiError } from "../api-error";
import type { ResourceEntry, Lifecycle } from "../resource-store";

/** 400 FAILED_PRECONDITION unless the resource is ready: one LRO at a time per resource. */
export function checkReady(entry: ResourceEntry, lifecycle: Lifecycle): void {
  if (lifecycle === "READY") return;
  throw new ApiError(
    "FAILED_PRECONDITION",
    `${entry.spec.kind} "${entry.name}" is ${lifecycle}.`,
    "RESOURCE_BUSY",
    {
      resource: entry.name,
    },
  );
}
