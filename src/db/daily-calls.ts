// The calls of a debtor's local day, as a log of numbered events, each a
// document keyed by _id (`<debtorRef>:<YYYY-MM-DD>:<scope>:<n>`, the scope the
// rule that limits them, or the channel where none does): an agent claimed a
// call, the claimed call connected or did not, an agency's call connected. NIFA
// limits connected calls a day, and whether a call connects is known only after
// it, so a claimed call holds a place until its report.
//
// Every decision (may this call be claimed?) is taken on the whole log and
// written as its next event. An insert of an _id that exists fails on every
// store, so of two decisions taken at once on the same log one is written and
// the other reads the log again: claims made at once never pass the limit
// together, and no transaction is needed. (A conditional update would not do:
// FerretDB applies concurrent updates to one document without isolation.)
import mongoose, { Schema } from 'mongoose';

type CallEventKind = 'claimed' | 'connected' | 'released' | 'counted';

interface CallEvent {
  /** `<day>:<n>`, n counting from 1 with no gaps. */
  _id: string;
  /**
   * claimed: an agent took the call (it holds a place); connected: the claimed call
   * connected (it keeps its place); released: it did not (the place is free);
   * counted: a connected call nobody claimed here, an agency's (it takes a place).
   */
  kind: CallEventKind;
  /** The task id, or the agency contact's key. */
  key: string;
  /** For a claim: the agent who holds the call. */
  agent?: string;
  at: Date;
}

const callEventSchema = new Schema<CallEvent>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    key: { type: String, required: true },
    agent: String,
    at: { type: Date, required: true },
  },
  { collection: 'daily_calls', versionKey: false },
);

function callEventModel(connection: mongoose.Connection) {
  return (connection.models.CallEvent as mongoose.Model<CallEvent> | undefined) ?? connection.model<CallEvent>('CallEvent', callEventSchema);
}

/** The log of a debtor's local day ('YYYY-MM-DD') for the calls a rule counts together (or one channel's). */
export const dailyCallsId = (debtorRef: string, localDate: string, scope: string) => `${debtorRef}:${localDate}:${scope}`;

/** What the log says of the day. */
export interface CallDay {
  /** Calls claimed and not yet reported: key → agent. */
  claimed: Map<string, string>;
  /** Calls that connected. */
  connected: Set<string>;
  /** The number of the next event. */
  next: number;
}

/** taken: the call got a place now; held: the agent had it already; another: another agent holds it; full: no place is left. */
export type CallPlace = 'taken' | 'held' | 'another' | 'full';

const DUPLICATE_KEY = 11000;
/** Events read at once: a day has a handful. */
const READ_BATCH = 8;
/** Writers racing on one day each lose at most once per event the others write. */
const MAX_ATTEMPTS = 50;

const placesTaken = (day: CallDay) => day.claimed.size + day.connected.size;

function replay(events: CallEvent[]): CallDay {
  const day: CallDay = { claimed: new Map(), connected: new Set(), next: events.length + 1 };
  for (const event of events) {
    if (event.kind === 'claimed') day.claimed.set(event.key, event.agent ?? '');
    else day.claimed.delete(event.key);
    if (event.kind === 'connected' || event.kind === 'counted') day.connected.add(event.key);
  }
  return day;
}

export function dailyCalls(connection: mongoose.Connection) {
  const Event = callEventModel(connection);

  async function read(dayId: string): Promise<CallDay> {
    const events: CallEvent[] = [];
    for (;;) {
      const ids = Array.from({ length: READ_BATCH }, (_, i) => `${dayId}:${events.length + i + 1}`);
      const batch = await Promise.all(ids.map((_id) => Event.findById(_id).lean<CallEvent>()));
      const found = batch.findIndex((event) => event === null);
      events.push(...(batch.slice(0, found === -1 ? batch.length : found) as CallEvent[]));
      if (found !== -1) return replay(events);
    }
  }

  /**
   * Decides on the day as its log stands and writes the decision as the next
   * event; when another writer got there first, decides again on the longer log.
   */
  async function decide<T>(dayId: string, decision: (day: CallDay) => { result: T; event?: Pick<CallEvent, 'kind' | 'key' | 'agent'> }): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const day = await read(dayId);
      const { result, event } = decision(day);
      if (!event) return result;
      try {
        await Event.create({ _id: `${dayId}:${day.next}`, ...event, at: new Date() });
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) continue;
        throw error;
      }
      return result;
    }
    throw new Error(`the calls of ${dayId} changed under ${MAX_ATTEMPTS} attempts in a row; try again`);
  }

  const connectedCount = async (dayId: string) => (await read(dayId)).connected.size;

  return {
    /** A place for the call `key` the agent claims, if fewer than `limit` are taken (Infinity: no limit, only one holder). */
    take(dayId: string, key: string, agent: string, limit: number): Promise<CallPlace> {
      return decide<CallPlace>(dayId, (day) => {
        const holder = day.claimed.get(key);
        if (holder !== undefined) return { result: holder === agent ? 'held' : 'another' };
        if (day.connected.has(key)) return { result: 'held' };
        if (placesTaken(day) >= limit) return { result: 'full' };
        return { result: 'taken', event: { kind: 'claimed', key, agent } };
      });
    },

    /** Gives back the agent's place, when the call will not be made after all. */
    async release(dayId: string, key: string, agent: string): Promise<void> {
      await decide(dayId, (day) => ({ result: undefined, ...(day.claimed.get(key) === agent && { event: { kind: 'released', key } }) }));
    },

    /**
     * The report on a claimed call: a connected call keeps its place, any other
     * outcome gives it back. Safe to repeat. Returns the day's connected calls.
     */
    async settle(dayId: string, key: string, connected: boolean): Promise<number> {
      await decide(dayId, (day) => {
        if (day.claimed.has(key)) return { result: undefined, event: { kind: connected ? 'connected' : 'released', key } };
        // A claim whose place was never written (the claim stopped half-way) still connected: it counts all the same.
        if (connected && !day.connected.has(key)) return { result: undefined, event: { kind: 'counted', key } };
        return { result: undefined };
      });
      return connectedCount(dayId);
    },

    /** A connected call nobody claimed here, such as an agency's: counted once. Returns the day's connected calls. */
    async countConnected(dayId: string, key: string): Promise<number> {
      await decide(dayId, (day) => ({ result: undefined, ...(!day.connected.has(key) && { event: { kind: 'counted', key } }) }));
      return connectedCount(dayId);
    },
  };
}

export type DailyCalls = ReturnType<typeof dailyCalls>;
