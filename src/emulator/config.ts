import { ON_CANCEL, type OnCancel } from "./operation-record";
import { invalidArgument } from "./api-error";
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
  /**
   * What operations.list does with a non-empty `filter`: `apply` it, `ignore` it (answer every
   * operation, as a server without filter support might), or refuse it with 400
   * `invalid-argument` or 501 `unimplemented`. @default "apply"
   */
  listFilter: ListFilterMode;
  /** Project ids and their numbers, e.g. `{"my-project": "123456789012"}`. @default {} */
  projectNumbers: Readonly<Record<string, string>>;
  /**
   * How LROs started by resource methods write the project in `metadata.target`: as the request's
   * URL wrote it, or always as its `number` or its `id` (looked up in `projectNumbers`).
   * @default "as-requested"
   */
  targetProject: TargetProjectForm;
}

export const LIST_FILTER_MODES = ["apply", "ignore", "invalid-argument", "unimplemented"] as const;
export type ListFilterMode = (typeof LIST_FILTER_MODES)[number];
export const TARGET_PROJECT_FORMS = ["as-requested", "number", "id"] as const;
export type TargetProjectForm = (typeof TARGET_PROJECT_FORMS)[number];

export const DEFAULT_CONFIG: Readonly<EmulatorConfig> = {
  lroDoneAfterMs: 1000,
  onCancel: "cancel",
  cancelDelayMs: 100,
  failCode: 13,
  latencyMs: 0,
  tokenLifetimeSec: 3600,
  listFilter: "apply",
  projectNumbers: {},
  targetProject: "as-requested",
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
  next.listFilter = f.oneOf("listFilter", LIST_FILTER_MODES) ?? next.listFilter;
  const numbers = f.object("projectNumbers");
  if (numbers !== undefined) next.projectNumbers = checkProjectNumbers(numbers);
  next.targetProject = f.oneOf("targetProject", TARGET_PROJECT_FORMS) ?? next.targetProject;
  return next;
}

function checkProjectNumbers(numbers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const numbersSeen = new Set<string>();
  for (const [id, number] of Object.entries(numbers)) {
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(id))
      throw invalidArgument(`projectNumbers.${id}`, "keys must be project ids");
    if (typeof number !== "string" || !/^[1-9][0-9]{0,19}$/.test(number) || numbersSeen.has(number))
      throw invalidArgument(`projectNumbers.${id}`, "must be a project number (digits), one per project");
    numbersSeen.add(number);
    out[id] = number;
  }
  return out;
}

/** `projects/<id or number>/rest` written with the project in the configured form. */
export function targetInForm(config: EmulatorConfig, target: string): string {
  const m = /^projects\/([^/]+)\/(.*)$/.exec(target);
  if (config.targetProject === "as-requested" || m === null) return target;
  const [, project = "", rest = ""] = m;
  const entries = Object.entries(config.projectNumbers);
  const entry = entries.find(([id, number]) => id === project || number === project);
  if (entry === undefined) return target;
  return `projects/${config.targetProject === "number" ? entry[1] : entry[0]}/${rest}`;
}
