import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into state. Each method loads the runtime lazily: by
 * package name when the program has `beyondcorp-ops` installed, else from the path it was built
 * from. It captures only that path string: no code, no credentials.
 */
export function createProvider(): pulumi.dynamic.ResourceProvider {
  const fallback = path.join(__dirname, "runtime.js");
  const load = (): typeof import("./runtime") => {
    try {
      return require("beyondcorp-ops/provider-runtime");
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code !== "MODULE_NOT_FOUND" || !String(e.message).includes("beyondcorp-ops")) throw err;
      return require(fallback);
    }
  };
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      load().configure((k) => req.config.get(k));
    },
    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
      return load().check(olds, news);
    },
    async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      return load().diff(id, olds, news);
    },
    async create(inputs: Record<string, unknown>) {
      return load().create(inputs);
    },
    async read(id: string, props: Record<string, unknown>) {
      return load().read(id, props as never);
    },
    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      return load().update(id, olds as never, news);
    },
    async delete(id: string, props: Record<string, unknown>) {
      return load().remove(id, props as never);
    },
  };
}
