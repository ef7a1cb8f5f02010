/** How the emulator classified a request. */
export type RouteKind =
  "get" | "list" | "cancel" | "delete" | "token" | "create" | "update" | "resource" | "control" | "other";

/** One served request. Authorization values are never stored, only whether a bearer was present. */
export interface RequestLogEntry {
  seq: number;
  /** Arrival time, ms since the epoch. */
  timeMs: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when the socket was reset or hung up without a response. */
  status: number;
  route: RouteKind;
  durationMs: number;
  /** Whether the request carried a bearer this emulator accepts (always true when auth is off). */
  authorized: boolean;
  bearerPresent: boolean;
  /** Flow and subject of the accepted token, e.g. `authorized_user:client-id`. */
  identity?: string;
  /** Operations this response reported as done. */
  doneObserved: string[];
  /** Id of the fault injected into this request. */
  fault?: string;
}

/** Query parameters that may carry secrets; their values are never logged. */
const SECRET_PARAMS = new Set(["access_token", "key", "client_secret", "refresh_token"]);

export function loggableQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = SECRET_PARAMS.has(k) ? "<redacted>" : v;
  return out;
}

/** A bounded in-memory request log. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  /** @param maxEntries oldest entries are dropped beyond this. */
  constructor(private readonly maxEntries: number) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  /** Entries in arrival order; control-API requests only when `includeControl`. */
  list(includeControl: boolean): RequestLogEntry[] {
    const out = includeControl ? [...this.entries] : this.entries.filter((e) => e.route !== "control");
    return out.sort((a, b) => a.seq - b.seq);
  }

  clear(): void {
    this.entries = [];
  }
}
