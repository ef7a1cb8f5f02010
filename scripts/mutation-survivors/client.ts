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
  [survivorKey("src/client/operations-client.ts", "StringLiteral", '"GET"', '""')]:
    "Equivalent: undici's `request(url, opts)` sends `opts.method || (opts.body ? 'PUT' : 'GET')`, and get and list have no body, so an empty method goes out as GET: the same request on the wire.",
  [survivorKey(
    "src/client/http.ts",
    "OptionalChaining",
    "(cause as { code?: string } | undefined)?.code",
    "(cause as { code?: string; } | undefined).code",
  )]:
    "Equivalent: `cause` is what undici's request or the body's async iterator rejected with, never undefined or null (undici's callback takes a falsy error for success; a stream cannot error with nothing), so `.code` reads the same as `?.code`.",
};
