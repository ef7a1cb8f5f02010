/**
 * The provider plugin's resource provider: the same hooks as the dynamic resource
 * (pulumi/runtime.ts), served over Pulumi's provider protocol by `@pulumi/pulumi/provider`.
 * What this door adds: the engine's Cancel aborts every wait, the engine's `customTimeouts` bound
 * them, secrets cross the protocol as secrets, and provider config supplies connection defaults.
 */
import type * as provider from "@pulumi/pulumi/provider";
import type { ConnectionLayer } from "../client/connection";
import { BeyondCorpError } from "../core/errors";
import { CONNECTION_OPTIONS, SECRET_KEYS } from "../options/spec";
import * as hooks from "../pulumi/runtime";
import type { CancellerOutputs } from "../pulumi/outputs";
import { requestTimeoutMillis } from "./request-context";
import { RESOURCE_TOKEN } from "./schema";
import { reveal, sealKeys } from "./secrets";

type Props = Record<string, unknown>;

export interface PluginProvider extends provider.Provider {
  /** Provider config (Configure's variables), for the connection defaults. */
  configure(vars: Record<string, unknown>): void;
}

/** The resource's hooks the plugin serves: pulumi/runtime.ts's; tests pass stand-ins. */
export type PluginHooks = Pick<typeof hooks, "check" | "diff" | "create" | "read" | "update" | "remove">;

export function createPluginProvider(
  version: string,
  schema: string,
  /** Waits until every log line of the hook has reached the engine. */
  flush: () => Promise<void> = async () => undefined,
  runtime: PluginHooks = hooks,
): PluginProvider {
  let stack: ConnectionLayer = {};
  // The engine sends Cancel once, on Ctrl-C or a signal, and starts no new work after it; a hook
  // already on its way in must stop too, so the signal stays aborted for the rest of the process.
  const cancelled = new AbortController();
  const context = (): hooks.HookContext => {
    const timeoutMillis = requestTimeoutMillis();
    return { stack, signal: cancelled.signal, ...(timeoutMillis !== undefined ? { timeoutMillis } : {}) };
  };
  const own = (urn: string) => {
    const type = urn.split("::")[2]?.split("$").pop();
    if (type !== RESOURCE_TOKEN)
      throw new BeyondCorpError({
        code: "ERR_INVALID_INPUT",
        message: `unknown resource type ${type ?? urn}: this provider serves ${RESOURCE_TOKEN}`,
      });
  };
  /** Runs one hook for a resource of ours; its log lines reach the engine before the reply. */
  const served = async <T>(urn: string, fn: () => Promise<T>): Promise<T> => {
    try {
      own(urn);
      return await fn();
    } finally {
      await flush();
    }
  };
  const seal = <T extends object>(props: T): T => sealKeys(props as Props, SECRET_KEYS) as T;

  return {
    version,
    schema,
    configure(vars) {
      const layer: ConnectionLayer = {};
      for (const key of Object.keys(CONNECTION_OPTIONS) as Array<keyof ConnectionLayer>) {
        const v = reveal(vars[key]);
        if (typeof v === "string" && v !== "") layer[key] = v;
      }
      stack = layer;
    },
    async cancel() {
      cancelled.abort(
        new BeyondCorpError({ code: "ERR_ABORTED", message: "cancelled by the engine (Ctrl-C or a signal)" }),
      );
    },
    check: (urn, olds, news) =>
      served(urn, async () => {
        const { failures } = await runtime.check(reveal(olds), reveal(news));
        return { inputs: news, failures };
      }),
    diff: (id, urn, olds, news) =>
      served(urn, async () => {
        const d = await runtime.diff(id, reveal(olds), reveal(news));
        return { changes: d.changes, replaces: [], deleteBeforeReplace: false };
      }),
    create: (urn, inputs) =>
      served(urn, async () => {
        const { id, outs } = await runtime.create(reveal(inputs), context());
        return { id, outs: seal(outs) };
      }),
    read: (id, urn, props) =>
      served(urn, async () => {
        const r = await runtime.read(id, reveal(props) as CancellerOutputs, context());
        return { id: r.id, props: seal(r.props) };
      }),
    update: (id, urn, olds, news) =>
      served(urn, async () => {
        try {
          const { outs } = await runtime.update(
            id,
            reveal(olds) as CancellerOutputs,
            reveal(news),
            context(),
          );
          return { outs: seal(outs) };
        } catch (err) {
          // A partial failure keeps the new state (ErrorResourceInitFailed): its secrets stay secret.
          const partial = err as { properties?: Props };
          if (partial.properties) partial.properties = seal(partial.properties);
          throw err;
        }
      }),
    delete: (id, urn, props) =>
      served(urn, () => runtime.remove(id, reveal(props) as CancellerOutputs, context())),
  };
}
