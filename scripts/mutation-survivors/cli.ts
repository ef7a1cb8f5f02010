import { survivorKey, type Explained } from "./key";

/** Survivors kept in src/cli/, and why. */
export const CLI: Explained = {
  [survivorKey("src/cli/wait-command.ts", "ConditionalExpression", 'e.type === "watch"', "true")]:
    "resolveWatch (wait/watch.ts) emits only `watch` events through its onProgress, so the guard is always true there; it stays because WatchDeps.onProgress takes any ProgressEvent and watchLine needs the narrowing.",
};
