// The one wrapper over a worker's activities, real or stubbed: every call is
// noted with its input when it starts and with its output or error when it
// ends, and a test can wait for a call to have finished, so it moves on when
// the case has acted, never after a guess.

export interface Call<Name extends string = string> {
  name: Name;
  input: unknown;
  /** Set when the call finished. */
  done?: boolean;
  output?: unknown;
  error?: unknown;
}

/** A call that has finished, with its output or its error. */
export type Finished<Name extends string = string> = Call<Name> & { done: true };

type ActivityFunction = (...args: unknown[]) => Promise<unknown>;

export interface Observed<Activities extends object, Name extends string = keyof Activities & string> {
  /** What the worker registers. */
  activities: Activities;
  /** Every call, in the order the calls started (a retry is a call of its own). */
  calls: Call<Name>[];
  /** Every finished call, in the order the calls finished. */
  finished: Finished<Name>[];
  /** The inputs of the calls of `name` that `match` accepts, in the order the calls started. */
  inputs<T>(name: Name, match?: (input: T) => boolean): T[];
  /** Resolves with the first finished call of `name` that `match` accepts, whether it finished already or finishes later. */
  finish<T = unknown>(name: Name, match?: (call: Finished<Name> & { input: T }) => boolean): Promise<Finished<Name> & { input: T }>;
}

export function observedActivities<Activities extends object>(activities: Activities): Observed<Activities> {
  type Name = keyof Activities & string;
  const calls: Call<Name>[] = [];
  const finished: Finished<Name>[] = [];
  const waiting: { match: (call: Finished<Name>) => boolean; resolve: (call: Finished<Name>) => void }[] = [];
  const settle = (call: Call<Name>, result: { output: unknown } | { error: unknown }) => {
    const done = Object.assign(call, result, { done: true as const });
    finished.push(done);
    for (const waiter of waiting.filter((candidate) => candidate.match(done))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(done);
    }
  };
  const wrapped = Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (...args: unknown[]) => {
        const call: Call<Name> = { name: name as Name, input: args[0] };
        calls.push(call);
        try {
          const output = await (activity as ActivityFunction)(...args);
          settle(call, { output });
          return output;
        } catch (error) {
          settle(call, { error });
          throw error;
        }
      },
    ]),
  ) as Activities;
  return {
    activities: wrapped,
    calls,
    finished,
    inputs<T>(name: Name, match: (input: T) => boolean = () => true): T[] {
      return calls.filter((call) => call.name === name && match(call.input as T)).map((call) => call.input as T);
    },
    finish<T = unknown>(name: Name, match: (call: Finished<Name> & { input: T }) => boolean = () => true): Promise<Finished<Name> & { input: T }> {
      const matches = (call: Finished<Name>) => call.name === name && match(call as Finished<Name> & { input: T });
      const done = finished.find(matches);
      if (done) return Promise.resolve(done as Finished<Name> & { input: T });
      return new Promise((resolve) => waiting.push({ match: matches, resolve: resolve as (call: Finished<Name>) => void }));
    },
  };
}
