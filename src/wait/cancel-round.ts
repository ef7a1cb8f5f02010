import { BeyondCorpError } from "../core/errors";
import { pendingOf, type Group } from "./group";
import { apiError } from "./ledger";
import { each } from "./limiter";
import { callContext, type RoundContext } from "./round";

/**
 * Send a cancel to every pending operation of one group that has not had one accepted yet (right
 * after the group's first observation, and again for cancels that failed transiently).
 * UNIMPLEMENTED marks the operation; FAILED_PRECONDITION usually means "already done", which the
 * next poll tells.
 */
export async function cancelGroup(r: RoundContext, g: Group): Promise<void> {
  const todo = pendingOf(g).filter((t) => !t.cancelRequested && !t.unsupported);
  await each(r.limiter, todo, async (t) => {
    try {
      await r.client.cancel(t.name, callContext(r, t));
      t.cancelRequested = true;
      r.emit({ type: "cancel-sent", name: t.display });
    } catch (err) {
      if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "UNIMPLEMENTED") {
        t.unsupported = true;
        r.emit({ type: "cancel-unsupported", name: t.display });
        if (r.settings.onCancelUnsupported !== "wait")
          r.ledger.finish(t, "CANCEL_UNSUPPORTED", { error: apiError(err) });
        return;
      }
      if (BeyondCorpError.is(err) && err.code === "ERR_API" && err.status === "FAILED_PRECONDITION") {
        t.cancelRequested = true;
        return;
      }
      r.ledger.callFailed(t, err, "cancel");
    }
  });
}
