import { invalidArgument } from "./api-error";
import { isRpcStatusName, type RpcStatusName } from "../core/rpc-codes";
import type { RouteKind } from "./request-log";
import { Fields } from "./validate";

export const FAULT_ROUTES = [
  "get",
  "list",
  "cancel",
  "delete",
  "token",
  "create",
  "update",
  "resource",
  "any",
] as const;
export const FAULT_TYPES = [
  "status",
  "latency",
  "reset",
  "hang",
  "malformed",
  "oversized",
  "wrong-shape",
  "redirect",
  "unauthenticated",
] as const;

/** What happens to a request a fault rule fires on. */
export type FaultAction =
  | { type: "status"; status: number; retryAfter?: string; rpcStatus?: RpcStatusName; message?: string }
  | { type: "latency"; ms: number }
  | { type: "reset" }
  | { type: "hang"; ms: number }
  | { type: "malformed" }
  | { type: "oversized"; bytes: number }
  | { type: "wrong-shape" }
  | { type: "redirect"; status: number; location: string }
  | { type: "unauthenticated"; revoke: boolean };

/** The body of `POST /emulator/faults` (see docs/emulator.md). */
export interface FaultSpec {
  /** @default "any" (every API and token route) */
  route?: (typeof FAULT_ROUTES)[number];
  /** Regular expression tested against the decoded path. */
  pathPattern?: string;
  method?: string;
  /** Matching requests let through before the fault starts. @default 0 */
  skip?: number;
  /** Requests that get the fault; -1 = forever. @default 1 */
  times?: number;
  /** Fire on each matching request with this probability instead of `times`. */
  probability?: number;
  /** PRNG seed for `probability`. @default 1 */
  seed?: number;
  fault: { type: (typeof FAULT_TYPES)[number] } & Record<string, unknown>;
}

/** A registered fault rule and its counters. */
export interface FaultRule {
  readonly id: string;
  readonly route: (typeof FAULT_ROUTES)[number];
  readonly pathPattern: RegExp | undefined;
  readonly method: string | undefined;
  readonly skip: number;
  /** -1 = forever. Ignored when `probability` is set. */
  readonly times: number;
  readonly probability: number | undefined;
  readonly fault: FaultAction;
  seen: number;
  fired: number;
  rng: () => number;
}

/** mulberry32: a small seeded PRNG so probabilistic faults are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseAction(f: Fields): FaultAction {
  const type = f.oneOf("type", FAULT_TYPES);
  if (type === undefined) throw invalidArgument("fault.type", "is required");
  switch (type) {
    case "status": {
      f.only(["type", "status", "retryAfter", "rpcStatus", "message"]);
      const rpc = f.str("rpcStatus");
      if (rpc !== undefined && !isRpcStatusName(rpc))
        throw invalidArgument("fault.rpcStatus", "unknown status");
      const retryAfter = f.str("retryAfter");
      const message = f.str("message");
      return {
        type,
        status: f.int("status", 400, 599) ?? 503,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        ...(rpc !== undefined ? { rpcStatus: rpc } : {}),
        ...(message !== undefined ? { message } : {}),
      };
    }
    case "latency":
    case "hang":
      f.only(["type", "ms"]);
      return { type, ms: f.int("ms", 0, 600_000) ?? (type === "hang" ? 30_000 : 1000) };
    case "oversized":
      f.only(["type", "bytes"]);
      return { type, bytes: f.int("bytes", 16, 512 * 1024 * 1024) ?? 64 * 1024 * 1024 };
    case "redirect":
      f.only(["type", "status", "location"]);
      return {
        type,
        status: f.int("status", 300, 399) ?? 302,
        location: f.str("location") ?? "http://127.0.0.2:1/steal",
      };
    case "unauthenticated":
      f.only(["type", "revoke"]);
      return { type, revoke: f.bool("revoke") ?? false };
    default:
      f.only(["type"]);
      return { type };
  }
}

/** Fault rules in registration order; the first rule that fires on a request wins. */
export class FaultRegistry {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(body: unknown): FaultRule {
    const f = Fields.of(body, "fault").only([
      "route",
      "pathPattern",
      "method",
      "skip",
      "times",
      "probability",
      "seed",
      "fault",
    ]);
    const pattern = f.str("pathPattern");
    let pathPattern: RegExp | undefined;
    try {
      pathPattern = pattern === undefined ? undefined : new RegExp(pattern);
    } catch (cause) {
      throw invalidArgument("pathPattern", `not a valid regular expression: ${(cause as Error).message}`);
    }
    const action = f.nested("fault");
    if (action === undefined) throw invalidArgument("fault", "is required");
    const times = f.int("times", -1) ?? 1;
    if (times === 0) throw invalidArgument("times", "must be positive or -1 (forever)");
    const rule: FaultRule = {
      id: `fault-${this.nextId++}`,
      route: f.oneOf("route", FAULT_ROUTES) ?? "any",
      pathPattern,
      method: f.str("method")?.toUpperCase(),
      skip: f.int("skip", 0) ?? 0,
      times,
      probability: f.num("probability", 0, 1),
      fault: parseAction(action),
      seen: 0,
      fired: 0,
      rng: seededRandom(f.int("seed", 0, 2 ** 32 - 1) ?? 1),
    };
    this.rules.push(rule);
    return rule;
  }

  /** The rule that fires on this request, if any (updating the counters of every rule that matched). */
  match(route: RouteKind, method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.route !== "any" && rule.route !== route) continue;
      if (rule.route === "any" && (route === "control" || route === "other")) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.pathPattern !== undefined && !rule.pathPattern.test(path)) continue;
      rule.seen++;
      if (rule.seen <= rule.skip) continue;
      const fires =
        rule.probability !== undefined
          ? rule.rng() < rule.probability
          : rule.times === -1 || rule.fired < rule.times;
      if (!fires) continue;
      rule.fired++;
      return rule;
    }
    return undefined;
  }

  list(): { id: string; route: string; seen: number; fired: number; fault: FaultAction }[] {
    return this.rules.map((r) => ({
      id: r.id,
      route: r.route,
      seen: r.seen,
      fired: r.fired,
      fault: r.fault,
    }));
  }

  clear(): void {
    this.rules = [];
  }
}
