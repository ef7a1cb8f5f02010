import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Server } from "node:net";
import type { AuthorizedUser } from "./auth-api";
import { DEFAULT_CONFIG, mergeConfig, type EmulatorConfig } from "./config";
import { issueEmulatorToken, seedOperation, snapshotOf, type OperationSnapshot } from "./control-api";
import type { FaultSpec } from "./faults";
import type { OnCancel } from "./operation-record";
import type { RequestLogEntry } from "./request-log";
import type { SeedSpec } from "./seed-spec";
import { handleRequest } from "./server";
import { EmulatorState } from "./state";

export type {
  AuthorizedUser,
  EmulatorConfig,
  FaultSpec,
  OnCancel,
  OperationSnapshot,
  RequestLogEntry,
  SeedSpec,
};
export { ApiError } from "./api-error";
export { DEFAULT_CONFIG } from "./config";

/** Hosts the emulator may listen on: loopback only. */
export const ALLOWED_HOSTS = ["127.0.0.1", "::1", "localhost"] as const;
export type EmulatorHost = (typeof ALLOWED_HOSTS)[number];

/** Options of {@link startEmulator}; config fields default as in {@link DEFAULT_CONFIG}. */
export interface EmulatorOptions extends Partial<EmulatorConfig> {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Loopback address to listen on (`localhost` means 127.0.0.1). @default "127.0.0.1" */
  host?: EmulatorHost;
  /** Require bearer tokens issued by this emulator on every API route. @default false */
  auth?: boolean;
  /** `authorized_user` credentials the `/token` endpoint accepts; empty accepts any. @default [] */
  authorizedUsers?: readonly AuthorizedUser[];
  /** Clock used for operation state and the log. @default Date.now */
  now?: () => number;
  /** Request-log capacity; the oldest entries are dropped beyond it. @default 100000 */
  maxLogEntries?: number;
  /** Serve HTTPS with this PEM key and certificate instead of plain HTTP (tests of TLS and CONNECT proxies). */
  tls?: { key: string; cert: string };
}

/** A running emulator: its URL plus programmatic access to the control API. */
export interface Emulator {
  /** `http://127.0.0.1:<port>` (`https://` with the `tls` option; no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Seed an operation (see `POST /emulator/operations`); returns its Operation JSON. */
  seed(spec: SeedSpec): Record<string, unknown>;
  /** Bookkeeping for every operation (done/cancel/gone times in ms). */
  operations(): OperationSnapshot[];
  /** The request log; control-API requests only with `{ all: true }`. */
  requests(options?: { all?: boolean }): RequestLogEntry[];
  clearRequests(): void;
  /** Register a fault rule; returns its id. */
  addFault(spec: FaultSpec): string;
  clearFaults(): void;
  /** Change emulator-wide behaviour; returns the merged config. */
  configure(patch: Partial<EmulatorConfig>): EmulatorConfig;
  /** A fresh access token this emulator accepts. */
  issueToken(options?: { lifetimeSec?: number; subject?: string }): string;
  revokeAllTokens(): void;
  /** Clear operations, resources, faults, logs and tokens; restore the start-up config. */
  reset(): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Start a BeyondCorp REST API emulator on a loopback address. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  if (!(ALLOWED_HOSTS as readonly string[]).includes(host)) {
    throw new Error(`host must be one of ${ALLOWED_HOSTS.join(", ")} (got ${JSON.stringify(host)})`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be 0-65535 (got ${port})`);
  const { port: _p, host: _h, auth, authorizedUsers, now, maxLogEntries, tls, ...configPatch } = options;
  const config = mergeConfig({ ...DEFAULT_CONFIG }, configPatch);
  const state = new EmulatorState(now ?? Date.now, auth ?? false, config, maxLogEntries ?? 100_000);
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const deps = { state, authorizedUsers: authorizedUsers ?? [], sleep };
  const handler: http.RequestListener = (req, res) => {
    handleRequest(deps, req, res).catch((err: unknown) => {
      console.error("beyondcorp-emulator: internal error:", err);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json; charset=UTF-8" });
      res.end('{"error":{"code":500,"message":"emulator internal error","status":"INTERNAL"}}\n');
    });
  };
  const server = tls
    ? https.createServer({ key: tls.key, cert: tls.cert }, handler)
    : http.createServer(handler);
  const address = await listen(server, port, host === "localhost" ? "127.0.0.1" : host);
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? "https" : "http"}://${urlHost}:${address.port}`,
    port: address.port,
    seed: (spec) => seedOperation(state, spec),
    operations: () => state.ops.all().map((rec) => snapshotOf(rec, state.now())),
    requests: (opts = {}) => state.log.list(opts.all ?? false),
    clearRequests: () => state.log.clear(),
    addFault: (spec) => state.faults.add(spec).id,
    clearFaults: () => state.faults.clear(),
    configure: (patch) => state.configure(patch),
    issueToken: (opts = {}) => issueEmulatorToken(state, opts).accessToken,
    revokeAllTokens: () => state.tokens.revokeAll(),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
