import { randomBytes } from "node:crypto";
import { DEFAULT_CONFIG, mergeConfig, type EmulatorConfig } from "./config";
import { FaultRegistry } from "./faults";
import { OperationStore } from "./operation-store";
import { RequestIdStore } from "./request-ids";
import { RequestLog } from "./request-log";
import { ResourceStore } from "./resource-store";
import { TokenStore } from "./token-store";

/** Everything the emulator holds; one per running emulator. */
export class EmulatorState {
  config: EmulatorConfig;
  readonly ops = new OperationStore();
  readonly resources = new ResourceStore();
  readonly requestIds = new RequestIdStore();
  readonly tokens = new TokenStore();
  readonly faults = new FaultRegistry();
  readonly log: RequestLog;

  constructor(
    readonly now: () => number,
    readonly authEnabled: boolean,
    private readonly initialConfig: EmulatorConfig,
    maxLogEntries: number,
  ) {
    this.config = { ...initialConfig };
    this.log = new RequestLog(maxLogEntries);
  }

  configure(patch: unknown): EmulatorConfig {
    this.config = mergeConfig(this.config, patch);
    return this.config;
  }

  /** Clear operations, resources, request ids, faults, logs and tokens, and restore the start-up config. */
  reset(): void {
    this.ops.clear();
    this.resources.clear();
    this.requestIds.clear();
    this.tokens.revokeAll();
    this.faults.clear();
    this.log.clear();
    this.config = { ...this.initialConfig };
  }
}

/** A Google-looking operation id: `operation-<ms>-<hex13>-<hex8>-<hex8>`. */
export function newOperationId(nowMs: number): string {
  const hex = randomBytes(15).toString("hex");
  return `operation-${nowMs}-${hex.slice(0, 13)}-${hex.slice(13, 21)}-${hex.slice(21, 29)}`;
}

export { DEFAULT_CONFIG };
