import { ON_CANCEL, type OnCancel } from "./operation-record";
import { Fields } from "./validate";

/** Emulator-wide behaviour, settable at start and through `POST /emulator/config`. */
export interface EmulatorConfig {
  /** How long LROs started by resource methods run; null = until cancelled. @default 1000 */
  lroDoneAfterMs: number | null;
  /** What `:cancel` does to LROs started by resource methods. @default "cancel" */
  onCancel: OnCancel;
  /** Delay between `:cancel` and its effect for LROs started by resource methods. @default 100 */
  cancelDelayMs: number;
  /** google.rpc code for `onCancel: "fail"` on LROs started by resource methods. @default 13 */
  failCode: number;
  /** Extra latency added to every API request (not the control API). @default 0 */
  latencyMs: number;
  /** Lifetime of issued access tokens, in seconds. @default 3600 */
  tokenLifetimeSec: number;
}

export const DEFAULT_CONFIG: Readonly<EmulatorConfig> = {
  lroDoneAfterMs: 1000,
  onCancel: "cancel",
  cancelDelayMs: 100,
  failCode: 13,
  latencyMs: 0,
  tokenLifetimeSec: 3600,
};

const KEYS = Object.keys(DEFAULT_CONFIG);
const DAY_MS = 86_400_000;

/** Validate a (partial) config patch and return the merged config. */
export function mergeConfig(base: EmulatorConfig, patch: unknown): EmulatorConfig {
  const f = Fields.of(patch, "config").only(KEYS);
  const raw = (patch ?? {}) as Record<string, unknown>;
  const next = { ...base };
  if ("lroDoneAfterMs" in raw) next.lroDoneAfterMs = f.int("lroDoneAfterMs", 0, DAY_MS) ?? null;
  next.onCancel = f.oneOf("onCancel", ON_CANCEL) ?? next.onCancel;
  next.cancelDelayMs = f.int("cancelDelayMs", 0, DAY_MS) ?? next.cancelDelayMs;
  next.failCode = f.int("failCode", 1, 16) ?? next.failCode;
  next.latencyMs = f.int("latencyMs", 0, 600_000) ?? next.latencyMs;
  next.tokenLifetimeSec = f.int("tokenLifetimeSec", 1, 86_400) ?? next.tokenLifetimeSec;
  return next;
}
