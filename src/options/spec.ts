/**
 * The one declaration of every user-facing option: its type, default, unit, bounds and the name it
 * goes by at each door (the Pulumi resource's input, the CLI flag, the library option). Everything
 * else derives from this table: the defaults (`defaults.ts`), validation (`check.ts`), the resource's
 * `check`, the CLI's flags and help, the provider plugin's schema and the README's options table.
 */
import { OUTCOME_NAMES } from "../lro/outcomes";

export const CANCEL_UNSUPPORTED_POLICIES = ["wait", "fail", "abandon"] as const;
/** What to do when the server answers UNIMPLEMENTED to a cancel. */
export type CancelUnsupportedPolicy = (typeof CANCEL_UNSUPPORTED_POLICIES)[number];
export const DELETE_POLICIES = ["cancel", "wait", "abandon"] as const;
/** What the resource does with tracked operations on `pulumi destroy`. */
export type DeletePolicy = (typeof DELETE_POLICIES)[number];
export const API_VERSION_VALUES = ["v1", "v1alpha"] as const;

interface Base {
  /** One sentence for the README, the TSDoc and the schema. */
  readonly description: string;
  /** The CLI flag, when the CLI has it. */
  readonly cli?: string;
  /** The library option (`WaitOptions` / `ConnectionOptions`), when the library has it. */
  readonly library?: string;
  /** Environment variables read when the option is not given, in order. */
  readonly env?: readonly string[];
  /** `gcp:*` stack config key read by the resource when the input is not given. */
  readonly gcpConfig?: string;
  /** Stored as a secret in Pulumi state. */
  readonly secret?: boolean;
  /** Changing only this input never cancels anything (it says how to connect). */
  readonly connection?: boolean;
}
export interface DurationSpec extends Base {
  readonly kind: "duration";
  readonly defaultMillis: number;
  readonly minMillis: number;
  readonly maxMillis: number;
}
export interface NumberSpec extends Base {
  readonly kind: "number";
  readonly default: number;
  readonly min: number;
  readonly max: number;
}
export interface EnumSpec extends Base {
  readonly kind: "enum";
  readonly values: readonly string[];
  readonly default: string;
}
export interface EnumListSpec extends Base {
  readonly kind: "enum-list";
  readonly values: readonly string[];
  readonly default: readonly string[];
}
export interface StringSpec extends Base {
  readonly kind: "string";
  /** Shown in docs; the real default is resolved at run time (env, ADC, …). */
  readonly defaultText?: string;
}
export type OptionSpec = DurationSpec | NumberSpec | EnumSpec | EnumListSpec | StringSpec;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Waiting: how long, how often, and what counts as failure. */
export const WAIT_OPTIONS = {
  timeout: {
    kind: "duration",
    description:
      "Overall deadline of one cancel-and-wait (an update or a destroy). Terraform's Google provider's default timeout.",
    defaultMillis: 20 * MINUTE,
    minMillis: 100,
    maxMillis: 24 * HOUR,
    cli: "--timeout",
    library: "timeoutMillis",
  },
  pollInitialDelay: {
    kind: "duration",
    description: "First delay between polls (cancellation usually lands fast).",
    defaultMillis: 250,
    minMillis: 10,
    maxMillis: HOUR,
    library: "poll.initialDelayMillis",
  },
  pollMaxDelay: {
    kind: "duration",
    description: "Cap on the delay between polls: Terraform's fixed 10 s cadence, so we never notice later.",
    defaultMillis: 10_000,
    minMillis: 10,
    maxMillis: HOUR,
    library: "poll.maxDelayMillis",
  },
  pollMultiplier: {
    kind: "number",
    description: "Growth of the poll delay per round, as google-gax's.",
    default: 1.3,
    min: 1,
    max: 10,
    library: "poll.multiplier",
  },
  onCancelUnsupported: {
    kind: "enum",
    description:
      "When the server answers UNIMPLEMENTED to a cancel: keep waiting until the operation ends, fail, or move on.",
    values: CANCEL_UNSUPPORTED_POLICIES,
    default: "wait",
    cli: "--on-unsupported",
    library: "onCancelUnsupported",
  },
  failOn: {
    kind: "enum-list",
    description: "Outcomes that fail the step (the CLI's exit code, the resource's update or destroy).",
    values: OUTCOME_NAMES,
    default: ["TIMED_OUT", "ERROR"],
    library: "failOn",
  },
} as const satisfies Record<string, OptionSpec>;

/** Resource-only behaviour. */
export const RESOURCE_OPTIONS = {
  onDelete: {
    kind: "enum",
    description:
      "On `pulumi destroy`: cancel and wait, wait without cancelling, or leave the operations as they are.",
    values: DELETE_POLICIES,
    default: "cancel",
  },
  trigger: {
    kind: "string",
    description:
      "When this value changes from one value to another, `pulumi up` cancels every tracked operation.",
  },
} as const satisfies Record<string, OptionSpec>;

/** How to connect. Precedence: the option, then `gcp:*` stack config (resource), then the environment. */
export const CONNECTION_OPTIONS = {
  apiVersion: {
    kind: "enum",
    description: "API version of operation names given without a `v1/` or `v1alpha/` prefix.",
    values: API_VERSION_VALUES,
    default: "v1",
    cli: "--api-version",
    library: "apiVersion",
  },
  endpoint: {
    kind: "string",
    description: "API base URL. `http://` only on loopback (emulators).",
    defaultText: "https://beyondcorp.googleapis.com",
    cli: "--endpoint",
    library: "endpoint",
    env: ["GOOGLE_BEYONDCORP_CUSTOM_ENDPOINT"],
    gcpConfig: "gcp:beyondcorpCustomEndpoint",
    connection: true,
  },
  credentials: {
    kind: "string",
    description: "Credentials JSON, as contents or a file path.",
    defaultText: "Application Default Credentials",
    cli: "--credentials",
    library: "credentials",
    env: ["GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON", "GCLOUD_KEYFILE_JSON"],
    gcpConfig: "gcp:credentials",
    secret: true,
    connection: true,
  },
  accessToken: {
    kind: "string",
    description: "A ready OAuth2 access token; wins over credentials. Never a CLI flag (flags show in `ps`).",
    library: "accessToken",
    env: ["GOOGLE_OAUTH_ACCESS_TOKEN"],
    gcpConfig: "gcp:accessToken",
    secret: true,
    connection: true,
  },
  impersonateServiceAccount: {
    kind: "string",
    description: "Service account to impersonate.",
    cli: "--impersonate",
    library: "impersonateServiceAccount",
    env: ["GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"],
    gcpConfig: "gcp:impersonateServiceAccount",
    connection: true,
  },
  quotaProject: {
    kind: "string",
    description: "Sent as `x-goog-user-project` (env only with USER_PROJECT_OVERRIDE=true).",
    cli: "--quota-project",
    library: "quotaProject",
    env: ["GOOGLE_BILLING_PROJECT"],
    gcpConfig: "gcp:billingProject",
    connection: true,
  },
} as const satisfies Record<string, OptionSpec>;

export const OPTIONS = { ...WAIT_OPTIONS, ...RESOURCE_OPTIONS, ...CONNECTION_OPTIONS } as const;
export type OptionName = keyof typeof OPTIONS;
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** Resource inputs that only say how to connect: changing them alone never cancels anything. */
export const CONNECTION_KEYS = (
  Object.keys(CONNECTION_OPTIONS) as Array<keyof typeof CONNECTION_OPTIONS>
).filter((k) => (CONNECTION_OPTIONS[k] as Base).connection === true);
/** Resource inputs stored as secrets. */
export const SECRET_KEYS = OPTION_NAMES.filter((k) => (OPTIONS[k] as Base).secret === true);
