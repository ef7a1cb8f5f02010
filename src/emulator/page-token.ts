import { ApiError } from "./api-error";

/** Where the previous page ended, and the filter it was made for. */
export interface PageCursor {
  readonly createdAtMs: number;
  readonly name: string;
  readonly filter: string;
}

function badToken(why: string): ApiError {
  return new ApiError("INVALID_ARGUMENT", `Invalid page token: ${why}.`, "INVALID_PAGE_TOKEN", {
    field: "pageToken",
  });
}

/** Opaque to clients: base64url of a small JSON cursor. */
export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAtMs, n: cursor.name, f: cursor.filter })).toString(
    "base64url",
  );
}

export function decodePageToken(token: string, filter: string): PageCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw badToken("not a token this server issued");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch (cause) {
    throw badToken(`undecodable (${(cause as Error).message})`);
  }
  const obj = parsed as { c?: unknown; n?: unknown; f?: unknown } | null;
  if (
    obj === null ||
    typeof obj !== "object" ||
    typeof obj.c !== "number" ||
    typeof obj.n !== "string" ||
    typeof obj.f !== "string"
  ) {
    throw badToken("not a token this server issued");
  }
  if (obj.f !== filter) throw badToken("the filter changed between pages");
  return { createdAtMs: obj.c, name: obj.n, filter: obj.f };
}

/** Parse `pageSize`: absent or 0 → default; above max → max; negative or non-integer → 400. */
export function parsePageSize(raw: string | null, defaultSize: number, maxSize: number): number {
  if (raw === null || raw === "") return defaultSize;
  if (!/^-?\d+$/.test(raw))
    throw new ApiError("INVALID_ARGUMENT", `Invalid page size "${raw}".`, "INVALID_PAGE_SIZE", {
      field: "pageSize",
    });
  const n = Number(raw);
  if (n < 0)
    throw new ApiError("INVALID_ARGUMENT", "Page size must not be negative.", "INVALID_PAGE_SIZE", {
      field: "pageSize",
    });
  if (n === 0) return defaultSize;
  return Math.min(n, maxSize);
}
