import type { IncomingMessage, ServerResponse } from "node:http";
import { rpcNameFromHttpStatus } from "../core/rpc-codes";
import { aipErrorBody } from "./api-error";
import { unauthenticated } from "./auth-api";
import { writeJson, writeRaw, type ApiResult } from "./http-io";
import type { FaultAction } from "./faults";
import { EMPTY_TYPE } from "./responses";
import { bearerOf, type TokenStore } from "./token-store";

/** What the server needs to carry out a fault. */
export interface FaultContext {
  req: IncomingMessage;
  res: ServerResponse;
  tokens: TokenStore;
  /** A sleep the emulator cancels on close. */
  sleep: (ms: number) => Promise<void>;
  /** Record the final status in the log (0 = no response). */
  finish: (status: number) => void;
}

/**
 * Carry out a fault that replaces the normal answer. Returns true when the request is finished;
 * false for faults that let the request continue (latency, wrong-shape).
 */
export async function applyFault(fault: FaultAction, ctx: FaultContext): Promise<boolean> {
  const { res } = ctx;
  switch (fault.type) {
    case "latency":
      await ctx.sleep(fault.ms);
      return false;
    case "wrong-shape":
      return false;
    case "status": {
      const status = fault.rpcStatus ?? rpcNameFromHttpStatus(fault.status);
      const body = aipErrorBody(
        fault.status,
        status,
        fault.message ?? `Injected fault: ${status}.`,
        "INJECTED_FAULT",
      );
      writeJson(res, {
        status: fault.status,
        body,
        headers: fault.retryAfter !== undefined ? { "Retry-After": fault.retryAfter } : {},
      });
      ctx.finish(fault.status);
      return true;
    }
    case "reset":
      ctx.req.socket.destroy();
      ctx.finish(0);
      return true;
    case "hang":
      await ctx.sleep(fault.ms);
      ctx.req.socket.destroy();
      ctx.finish(0);
      return true;
    case "malformed":
      writeRaw(res, 200, Buffer.from('{"name": "projects/broken", "done": tru', "utf8"));
      ctx.finish(200);
      return true;
    case "oversized": {
      const body = Buffer.alloc(fault.bytes, "x".charCodeAt(0));
      body.write('{"pad":"', 0, "utf8");
      body.write('"}', fault.bytes - 2, "utf8");
      writeRaw(res, 200, body);
      ctx.finish(200);
      return true;
    }
    case "redirect":
      writeRaw(res, fault.status, Buffer.alloc(0), { Location: fault.location });
      ctx.finish(fault.status);
      return true;
    case "unauthenticated": {
      const bearer = bearerOf(ctx.req.headers.authorization);
      if (fault.revoke && bearer !== undefined) ctx.tokens.revoke(bearer);
      const err = unauthenticated("Request had invalid authentication credentials (injected fault).");
      writeJson(res, { status: err.httpStatus, body: err.toBody(), headers: err.headers });
      ctx.finish(err.httpStatus);
      return true;
    }
  }
}

function badOperation(op: Record<string, unknown>): Record<string, unknown> {
  const { done: _done, error: _error, response: _response, ...rest } = op;
  return {
    ...rest,
    error: { code: 13, message: "wrong-shape fault" },
    response: { "@type": EMPTY_TYPE },
  };
}

/** Rewrite an answer as an Operation (or list item) with both `error` and `response` and no `done`. */
export function wrongShape(result: ApiResult, path: string): ApiResult {
  const body = result.body as Record<string, unknown> | undefined;
  const fallback = { name: path.replace(/^\/v1(alpha)?\//, "").replace(/:cancel$/, "") };
  if (path.endsWith("/operations")) {
    const ops = Array.isArray(body?.["operations"]) ? (body["operations"] as Record<string, unknown>[]) : [];
    const items = ops.length > 0 ? ops : [{ name: `${fallback.name}/wrong-shape` }];
    return { status: 200, body: { operations: items.map(badOperation) } };
  }
  const base =
    result.status === 200 && body !== undefined && typeof body["name"] === "string" ? body : fallback;
  return { status: 200, body: badOperation(base) };
}
