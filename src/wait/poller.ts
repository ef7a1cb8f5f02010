import { jitterDown } from "../core/backoff";
import { pollInterval } from "./cadence";
import { cancelGroup } from "./cancel-round";
import { pendingOf, type Group } from "./group";
import { observeGroup } from "./observe";
import type { RoundContext } from "./round";

/**
 * One group's life: its first look (which tells ALREADY_DONE apart), its cancels straight after,
 * then polls on its own cadence until every member is terminal or the deadline runs out. Groups
 * run side by side, so a slow or paging parent delays only itself.
 *
 * The age fed to the cadence is the schedule's own time (the sum of the intervals before jitter),
 * so a singleton's n-th delay is exactly the backoff's n-th delay, whatever jitter and request
 * time did.
 */
export async function pollGroup(r: RoundContext, g: Group): Promise<void> {
  await observeGroup(r, g, true);
  if (r.settings.cancel) await cancelGroup(r, g);
  let age = 0;
  for (let round = 0; r.settings.wait && pendingOf(g).length > 0; round++) {
    const pending = pendingOf(g).length;
    // A listed parent keeps at least the share of two: its list has already saved the gets that
    // pay for polling its last operation a little more often than a lone one.
    const base = pollInterval(r.policy, age, g.listed ? Math.max(2, pending) : pending);
    age += base;
    const remaining = r.deadlineAt - r.clock.now();
    const delay = Math.min(jitterDown(base, r.settings.poll.jitter, r.random), remaining);
    r.emit({ type: "round", round, pending, nextDelayMs: delay, group: g.display });
    if (remaining <= 0) break;
    await r.clock.sleep(delay, r.signal);
    await observeGroup(r, g, false);
    if (r.settings.cancel) await cancelGroup(r, g); // retry cancels that failed transiently
  }
}
