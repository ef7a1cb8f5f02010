import type { Explained } from "./key";

/** Survivors kept in src/core/, and why. */
export const CORE: Explained = {};
