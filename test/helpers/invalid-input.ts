import assert from "node:assert/strict";
import { BeyondCorpError } from "../../src/core/errors";

/** `fn` throws the one error type's ERR_INVALID_INPUT, naming `field`, its message matching. */
export function assertInvalidInput(fn: () => unknown, field: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(BeyondCorpError.is(e), String(e));
    assert.equal(e.code, "ERR_INVALID_INPUT");
    assert.equal(e.field, field);
    assert.match(e.message, message);
    return true;
  });
}
