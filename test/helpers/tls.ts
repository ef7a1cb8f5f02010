import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** A throw-away self-signed certificate (EC P-256, one day) in its own temp directory. */
export interface TestCert {
  key: string;
  cert: string;
  keyPath: string;
  /** Pass as NODE_EXTRA_CA_CERTS to a child process so it trusts the certificate. */
  certPath: string;
  cleanup(): void;
}

/** Generate a certificate for `localhost` and 127.0.0.1 (plus `extraNames`) with openssl. */
export function makeTestCert(extraNames: readonly string[] = []): TestCert {
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-tls-"));
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  const san = ["DNS:localhost", "IP:127.0.0.1", ...extraNames.map((n) => `DNS:${n}`)].join(",");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      `subjectAltName=${san}`,
      "-keyout",
      keyPath,
      "-out",
      certPath,
    ],
    { stdio: "ignore" },
  );
  return {
    key: readFileSync(keyPath, "utf8"),
    cert: readFileSync(certPath, "utf8"),
    keyPath,
    certPath,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A TCP relay that records every byte a client sends before passing it on. */
export interface Tap {
  url: string;
  /** Everything clients sent through the tap, all connections concatenated. */
  sent(): Buffer;
  connections(): number;
  close(): Promise<void>;
}

/** Put a recording relay in front of `upstreamUrl` (e.g. a proxy), to see what crosses the wire. */
export async function startTap(upstreamUrl: string): Promise<Tap> {
  const upstream = new URL(upstreamUrl);
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const up = net.connect(Number(upstream.port), upstream.hostname);
    for (const s of [client, up]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    client.on("data", (b: Buffer) => chunks.push(Buffer.from(b)));
    client.pipe(up);
    up.pipe(client);
    client.on("error", () => up.destroy());
    up.on("error", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent: () => Buffer.concat(chunks),
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A CONNECT-only proxy that sends tunnels for `routes` hosts (`host:port`) to local ports. */
export interface RoutingProxy {
  url: string;
  /** `CONNECT host:port` lines, in order. */
  log: string[];
  close(): Promise<void>;
}

export async function startRoutingProxy(routes: Record<string, number>): Promise<RoutingProxy> {
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    client.once("data", (head: Buffer) => tunnel(client, head, routes, log, sockets));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function tunnel(
  client: net.Socket,
  head: Buffer,
  routes: Record<string, number>,
  log: string[],
  sockets: Set<net.Socket>,
): void {
  const text = head.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const m = /^CONNECT (\S+):(\d+) HTTP\/1\.[01]\r\n/.exec(text);
  if (!m || end < 0) {
    client.end("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  log.push(`CONNECT ${m[1]}:${m[2]}`);
  const target =
    routes[`${m[1]}:${m[2]}`] ?? (m[1] === "localhost" || m[1] === "127.0.0.1" ? Number(m[2]) : 0);
  if (!target) {
    client.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  const up = net.connect(target, "127.0.0.1", () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    const rest = head.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"));
    if (rest.length > 0) up.write(rest);
    client.pipe(up);
    up.pipe(client);
  });
  sockets.add(up);
  up.on("close", () => sockets.delete(up));
  up.on("error", () => client.destroy());
}
