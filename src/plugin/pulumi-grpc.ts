/**
 * `@grpc/grpc-js` as `@pulumi/pulumi` loads it: the very copy whose Server the SDK's provider server
 * uses and whose credentials its generated clients accept. Resolved from the SDK's folder, since a
 * program's `node_modules` may hold several copies.
 *
 * The single-executable build (scripts/release/bundle.ts) replaces this module with a static
 * require of `@grpc/grpc-js` resolved from `@pulumi/pulumi`'s folder: a bundle has no `node_modules`
 * to resolve from at run time, and holds exactly the one copy the SDK uses.
 */
import * as path from "node:path";

/** The parts of `@grpc/grpc-js` the plugin uses. */
export interface PulumiGrpc {
  Server: { prototype: { addService(service: object, impl: object): void } };
  credentials: { createInsecure(): unknown };
}

export function pulumiGrpc(): PulumiGrpc {
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve("@grpc/grpc-js", { paths: [sdk] })) as PulumiGrpc;
}
