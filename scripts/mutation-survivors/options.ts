import type { Explained } from "./key";

/** Survivors kept in src/options/, and why. */
export const OPTIONS: Explained = {};
