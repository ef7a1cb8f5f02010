import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, invalidArgument } from "./api-error";

export const JSON_TYPE = "application/json; charset=UTF-8";

/** What a handler answers; the server writes it (after any fault rewrites it). */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Operations this response reports as done (for the request log). */
  doneObserved?: string[];
}

/** Largest request body accepted. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw invalidArgument("body", `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parse a JSON body; empty means undefined. Invalid JSON is 400, as Google answers. */
export function parseJson(raw: Buffer): unknown {
  const text = raw.toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ApiError(
      "INVALID_ARGUMENT",
      `Invalid JSON payload received. ${(cause as Error).message}`,
      "INVALID_JSON_PAYLOAD",
      { field: "body" },
    );
  }
}

export function parseForm(raw: Buffer): URLSearchParams {
  return new URLSearchParams(raw.toString("utf8"));
}

export function errorResult(err: ApiError): ApiResult {
  return { status: err.httpStatus, body: err.toBody(), headers: err.headers };
}

/** Write a JSON answer (Google pretty-prints with two spaces). */
export function writeJson(res: ServerResponse, result: ApiResult): void {
  const text = result.body === undefined ? "" : `${JSON.stringify(result.body, null, 2)}\n`;
  writeRaw(res, result.status, Buffer.from(text, "utf8"), result.headers);
}

export function writeRaw(
  res: ServerResponse,
  status: number,
  body: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": JSON_TYPE, "Content-Length": String(body.length), ...headers });
  res.end(body);
}
