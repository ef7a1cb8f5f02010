import { randomBytes } from "node:crypto";

/** Which credential flow issued a token. */
export type TokenFlow = "authorized_user" | "external_account" | "impersonated" | "emulator";

/** What the emulator remembers about an issued token (never logged with the token itself). */
export interface TokenInfo {
  readonly flow: TokenFlow;
  /** Who the token is for: client id, STS audience, impersonated email, or a label. */
  readonly subject: string;
  readonly expiresAtMs: number;
}

/** Access tokens issued by this emulator. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenInfo>();

  issue(
    flow: TokenFlow,
    subject: string,
    lifetimeMs: number,
    nowMs: number,
  ): { token: string; expiresAtMs: number } {
    const prefix = flow === "impersonated" ? "emu-imp-" : "emu-";
    const token = `${prefix}${randomBytes(24).toString("base64url")}`;
    const expiresAtMs = nowMs + lifetimeMs;
    this.tokens.set(token, { flow, subject, expiresAtMs });
    return { token, expiresAtMs };
  }

  /** The token's info if it was issued here, is not revoked and has not expired. */
  check(token: string, nowMs: number): TokenInfo | undefined {
    const info = this.tokens.get(token);
    return info !== undefined && nowMs < info.expiresAtMs ? info : undefined;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  revokeAll(): void {
    this.tokens.clear();
  }
}

/** The bearer token of an `Authorization` header, if any. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
