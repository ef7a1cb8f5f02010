import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionLayer } from "../client/connection";

/** The message when neither the package nor the path this provider was built from can be loaded. */
export const RUNTIME_MISSING =
  "beyondcorp-ops is not installed where this stack's program runs, so the OperationCanceller in its state cannot be refreshed, updated or destroyed. Install it in the program's folder (npm install beyondcorp-ops) and run the command again.";

/**
 * The provider object Pulumi serializes into state. Each method loads the runtime lazily: by
 * package name when the program has `beyondcorp-ops` installed, else from the path it was built
 * from. It captures only that path string: no code, no credentials. `configure` keeps the stack's
 * `gcp:*` settings on the provider object itself (the host configures one object and reuses it).
 */
export function createProvider(): pulumi.dynamic.ResourceProvider {
  // Pulumi serializes the methods below, and everything they capture, into state. They must capture
  // only plain values: a reference to this module (its `exports`, as TypeScript compiles a use of
  // RUNTIME_MISSING) is serialized as a require of "beyondcorp-ops/dist/pulumi/provider.js", a path
  // that the package's `exports` map does not open, and `pulumi up` fails for every user who
  // installed the package (docs/decisions.md, "The serialized provider captures no module").
  const fallback = path.join(__dirname, "runtime.js");
  const runtimeMissing = RUNTIME_MISSING;
  const load = (): typeof import("./runtime") => {
    const missing = (err: unknown, what: string) => {
      const e = err as { code?: string; message?: string };
      return e.code === "MODULE_NOT_FOUND" && String(e.message).includes(what);
    };
    try {
      return require("beyondcorp-ops/provider-runtime");
    } catch (err) {
      if (!missing(err, "beyondcorp-ops")) throw err;
    }
    try {
      return require(fallback);
    } catch (err) {
      if (!missing(err, fallback)) throw err;
      throw new Error(runtimeMissing, { cause: err });
    }
  };
  type Self = { stack?: ConnectionLayer };
  const ctx = (self: Self) => (self.stack ? { stack: self.stack } : {});
  return {
    async configure(this: Self, req: pulumi.dynamic.ConfigureRequest) {
      this.stack = load().stackConfig((k) => req.config.get(k));
    },
    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
      return load().check(olds, news);
    },
    async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const { changes, replaces, deleteBeforeReplace } = await load().diff(id, olds, news);
      return { changes, replaces, deleteBeforeReplace };
    },
    async create(this: Self, inputs: Record<string, unknown>) {
      return load().create(inputs, ctx(this));
    },
    async read(this: Self, id: string, props: Record<string, unknown>) {
      return load().read(id, props as never, ctx(this));
    },
    async update(this: Self, id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      return load().update(id, olds as never, news, ctx(this));
    },
    async delete(this: Self, id: string, props: Record<string, unknown>) {
      return load().remove(id, props as never, ctx(this));
    },
  };
}
