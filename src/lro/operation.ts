import { BeyondCorpError } from "../core/errors";
import { parseOperationName, formatOperation, type ApiVersion } from "./names";
import { rpcNameOf } from "../core/rpc-codes";
import type { Ending, ResultError } from "./outcomes";

/** The parts of a google.longrunning.Operation this package reads, validated. */
export interface Operation {
  name: string;
  done: boolean;
  error?: { code: number; message: string };
  hasResponse: boolean;
  metadata?: { target?: string; verb?: string; requestedCancellation?: boolean; [k: string]: unknown };
}

function bad(path: string, message: string): BeyondCorpError {
  return new BeyondCorpError({ code: "ERR_BAD_RESPONSE", message: `${message} (${path})`, path });
}

/** A name in a reply that breaks the name rules is the server's fault: ERR_BAD_RESPONSE, not bad input. */
function nameOf(value: unknown, path: string, apiVersion: ApiVersion): string {
  try {
    return formatOperation(parseOperationName(value, { field: "operation.name", apiVersion }));
  } catch (err) {
    throw bad(path, `the server returned an invalid ${(err as Error).message}`);
  }
}

/**
 * Validate an Operation JSON object as the API promises it: a valid name, `done` boolean or absent
 * (proto3 omits false), and exactly one of `error`/`response` once done, neither before.
 */
export function parseOperation(value: unknown, path: string, apiVersion: ApiVersion): Operation {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw bad(path, "operation is not a JSON object");
  }
  const v = value as Record<string, unknown>;
  const name = nameOf(v["name"], path, apiVersion);
  const done = v["done"];
  if (done !== undefined && typeof done !== "boolean") throw bad(path, "operation.done is not a boolean");
  const hasError = v["error"] !== undefined && v["error"] !== null;
  const hasResponse = v["response"] !== undefined && v["response"] !== null;
  if (hasError && hasResponse) throw bad(path, "operation has both error and response");
  if (done !== true && (hasError || hasResponse)) throw bad(path, "operation has a result but is not done");
  if (done === true && !hasError && !hasResponse)
    throw bad(path, "operation is done without error or response");
  const op: Operation = { name, done: done === true, hasResponse };
  if (hasError) {
    const e = v["error"] as Record<string, unknown>;
    const code = typeof e["code"] === "number" && Number.isInteger(e["code"]) ? e["code"] : 2;
    op.error = { code, message: typeof e["message"] === "string" ? e["message"].slice(0, 2000) : "" };
  }
  const md = v["metadata"];
  if (md && typeof md === "object" && !Array.isArray(md)) {
    const m = md as Record<string, unknown>;
    op.metadata = {
      ...(typeof m["target"] === "string" ? { target: m["target"] } : {}),
      ...(typeof m["verb"] === "string" ? { verb: m["verb"] } : {}),
      ...(typeof m["requestedCancellation"] === "boolean"
        ? { requestedCancellation: m["requestedCancellation"] }
        : {}),
    };
  }
  return op;
}

/** How a done operation ended. */
export function endingOf(op: Operation): Ending {
  if (op.error) return op.error.code === 1 ? "CANCELLED" : "FAILED";
  return "SUCCEEDED";
}

export function resultErrorOf(op: Operation): ResultError | undefined {
  if (!op.error) return undefined;
  return { code: op.error.code, status: rpcNameOf(op.error.code), message: op.error.message };
}
