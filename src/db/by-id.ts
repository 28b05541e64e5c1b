// Reading many documents by _id, a few at a time. FerretDB serves `{_id: value}`
// from its index but reads the whole collection for `{_id: {$in: [...]}}`, so
// point reads are the fast way on both stores; a bound on those in flight keeps
// one request from taking the connection pool.

/** How many reads by _id one caller keeps in flight. */
export const READS_IN_FLIGHT = 16;

/** `read` for each id, at most `inFlight` at once; the answers in the ids' order. */
export async function readEach<T>(ids: readonly string[], read: (id: string) => Promise<T>, inFlight = READS_IN_FLIGHT): Promise<T[]> {
  const answers: T[] = [];
  for (let start = 0; start < ids.length; start += inFlight) {
    answers.push(...(await Promise.all(ids.slice(start, start + inFlight).map(read))));
  }
  return answers;
}
