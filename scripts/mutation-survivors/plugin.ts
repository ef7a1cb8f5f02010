import type { Explained } from "./key";

/** Survivors kept in src/plugin/, and why. */
export const PLUGIN: Explained = {};
