import type { WatchEvent } from "./progress";

/**
 * The one rendering of a watch's resolution, shared by the Pulumi doors and the CLI. It tells
 * "no operation in flight" (the server filtered, or we matched everything it listed) from "the
 * watch could not see" (the list failed).
 */
export function watchLine(e: WatchEvent): string {
  const found =
    e.matched === 0 ? "no operation in flight matches" : `${e.matched} in-flight operation(s) match`;
  const forms =
    e.otherForm > 0 ? ` (${e.otherForm} with the project written in its other form, id or number)` : "";
  switch (e.listing) {
    case "filtered":
      return `watch ${e.parent}: ${found}${forms}; the server applied the filter (${e.listed} listed)`;
    case "ignored":
      return `watch ${e.parent}: ${found}${forms}; the server ignored the filter (${e.outside} of ${e.listed} listed were outside it and were dropped here)`;
    case "refused":
      return `watch ${e.parent}: ${found}${forms}; the server refused the filter (${e.reason ?? "no reason given"}), so all ${e.listed} operation(s) were listed and matched here`;
    case "failed":
      return `watch ${e.parent}: could not list operations (${e.reason ?? "no reason given"}); the watch saw nothing`;
  }
}
