import type { Explained } from "./key";

/** Survivors kept in src/cli/, and why. */
export const CLI: Explained = {};
