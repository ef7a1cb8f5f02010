import { BeyondCorpError } from "../core/errors";
import { formatLocation, type LocationName } from "../lro/names";
import { parseOperation, type Operation } from "../lro/operation";

export interface ListPage {
  operations: Operation[];
  nextPageToken?: string;
}

/** Validate a list reply: an object, an array of operations that all belong to `parent`, a sane token. */
export function parseListReply(res: unknown, parent: LocationName, path: string): ListPage {
  const bad = (message: string) =>
    new BeyondCorpError({ code: "ERR_BAD_RESPONSE", message: `${message} (${path})`, path });
  if (typeof res !== "object" || res === null) throw bad("list reply is not an object");
  const body = res as Record<string, unknown>;
  const raw = body["operations"] ?? [];
  if (!Array.isArray(raw)) throw bad("operations is not an array");
  const prefix = `${formatLocation(parent)}/operations/`;
  const operations = raw.map((o) => {
    const op = parseOperation(o, path, parent.apiVersion);
    if (!op.name.startsWith(prefix)) throw bad(`list returned a foreign operation ${op.name}`);
    return op;
  });
  const token = body["nextPageToken"];
  if (token !== undefined && (typeof token !== "string" || token.length > 4096))
    throw bad("bad nextPageToken");
  return { operations, ...(token ? { nextPageToken: token } : {}) };
}
