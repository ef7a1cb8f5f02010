import { type Explained, survivorKey } from "./key";

const GATEWAY_GUARD =
  "Equivalent: `TRANSIENT_HTTP.has(undefined)` is false, so the `httpStatus !== undefined` test only spares a Set lookup; it is there for the reader and the types.";

/** Survivors kept in src/client/, and why. */
export const CLIENT: Explained = {
  [survivorKey(
    "src/client/retry-policy.ts",
    "ConditionalExpression",
    "err.httpStatus !== undefined",
    "true",
  )]: GATEWAY_GUARD,
};
