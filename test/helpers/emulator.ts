import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index";

/** A clock the test moves by hand, so operation timing needs no sleeps. */
export class ManualClock {
  t = 1_800_000_000_000;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Operation JSON as the emulator renders it. */
export interface OperationJson {
  name: string;
  metadata: {
    "@type": string;
    createTime: string;
    endTime?: string;
    target?: string;
    verb?: string;
    statusMessage?: string;
    requestedCancellation?: boolean;
    apiVersion: string;
  };
  done?: boolean;
  error?: { code: number; message: string; details?: unknown[] };
  response?: Record<string, unknown> & { "@type": string };
}

export interface ListJson {
  operations?: OperationJson[];
  nextPageToken?: string;
}

export interface ErrorJson {
  error: {
    code: number;
    message: string;
    status: string;
    details: { "@type": string; reason: string; domain: string; metadata: Record<string, string> }[];
  };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  redirect?: "manual" | "follow" | "error";
}

/** One HTTP request against the emulator (bodies are JSON unless a string is given). */
export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<HttpAnswer> {
  const { body } = options;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined && typeof body !== "string" ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    redirect: options.redirect ?? "manual",
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** Start an emulator for one test and close it afterwards. */
export async function withEmulator<T>(
  options: EmulatorOptions,
  fn: (
    emu: Emulator,
    api: (method: string, path: string, o?: CallOptions) => Promise<HttpAnswer>,
  ) => Promise<T>,
): Promise<T> {
  const emu = await startEmulator(options);
  try {
    return await fn(emu, (method, path, o) => call(emu.url, method, path, o));
  } finally {
    await emu.close();
  }
}

export const PARENT = "projects/my-proj/locations/us-central1";
export const ORG_PARENT = "organizations/123456/locations/global";
export const opName = (id: string, parent = PARENT): string => `${parent}/operations/${id}`;
