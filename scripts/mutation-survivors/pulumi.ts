import type { Explained } from "./key";

/** Survivors kept in src/pulumi/, and why. */
export const PULUMI: Explained = {};
