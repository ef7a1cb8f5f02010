import { BeyondCorpError } from "../core/errors";
import { CONTROL } from "./json";

/**
 * Describe a credential failure without echoing any secret material. google-auth-library's messages
 * may quote a token response or a header value, and its errors carry the request (with the refresh
 * token) in their properties, so only a redacted message is kept: no raw cause.
 */
export function credentialError(cause: unknown): BeyondCorpError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const status = (cause as { status?: unknown } | undefined)?.status;
  const message = redactCredentialMessage(raw);
  const detail = new Error(message);
  detail.name = cause instanceof Error ? cause.name : "Error";
  return new BeyondCorpError({
    code: "ERR_CREDENTIALS",
    message: `could not obtain credentials: ${message}${typeof status === "number" ? ` (HTTP ${status})` : ""}`,
    cause: detail,
  });
}

/** Quoted values, bearer values and token-shaped strings become `[redacted]`. */
export function redactCredentialMessage(raw: string): string {
  return raw
    .replace(/(["'`])[^]*?\1/g, "[redacted]")
    .replace(/["'`][^]*$/, "[redacted]")
    .replace(/\bBearer\s+\S+/gi, "Bearer [redacted]")
    .replace(/(ya29\.|eyJ|1\/\/)[\w./-]+/g, "[redacted]")
    .replace(new RegExp(CONTROL.source, "g"), " ")
    .slice(0, 300);
}
