import { invalidInput } from "../core/errors";

/** Filters are passed through to the server, but must be printable and bounded. */
export function checkFilter(filter: string, field = "filter"): string {
  // eslint-disable-next-line no-control-regex
  if (typeof filter !== "string" || filter.length > 2000 || /[\u0000-\u001f\u007f]/.test(filter)) {
    throw invalidInput(field, "must be at most 2000 printable characters", filter);
  }
  return filter;
}
