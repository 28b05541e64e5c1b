// Activities heartbeat while they run, so a worker that dies mid-call is noticed
// within the heartbeat timeout the case set (a few business minutes), not at
// the end of the start-to-close timeout, and the call is tried again at once on
// another worker. The idempotency key makes that retry safe.
import { Context } from '@temporalio/activity';

type Activity = (...args: never[]) => Promise<unknown>;

/** Runs the activity, heartbeating three times per heartbeat timeout when the caller set one. */
export function heartbeating<Fn extends Activity>(activity: Fn): Fn {
  return (async (...args: Parameters<Fn>) => {
    const timeoutMs = Context.current().info.heartbeatTimeoutMs;
    if (!timeoutMs) return activity(...args);
    const context = Context.current();
    const beat = setInterval(() => context.heartbeat(), Math.max(100, Math.floor(timeoutMs / 3)));
    try {
      return await activity(...args);
    } finally {
      clearInterval(beat);
    }
  }) as Fn;
}

/** Every activity of the set, heartbeating. */
export function allHeartbeating<Set extends Record<string, Activity>>(activities: Set): Set {
  return Object.fromEntries(Object.entries(activities).map(([name, activity]) => [name, heartbeating(activity)])) as Set;
}
