// The contact log: one document per outbound action, keyed (_id) by its
// idempotency key, so however often an activity retries, a contact is logged once.
// It is also what the compliance guard counts: every attempt that went out, with
// what came of it, per loan and per debtor, the lender's and the agencies' alike
// (an agency reports its own contact attempts on a placement).
import mongoose, { Schema } from 'mongoose';
import { documentReviser } from './revisions';

export type ContactStatus = 'pending' | 'sent' | 'deferred' | 'denied' | 'failed';

export interface ContactRecord {
  /** The idempotency key: lookups by _id are the ones every store serves from an index. */
  _id: string;
  idempotencyKey: string;
  caseId: string;
  loanId: string;
  /** Opaque debtor reference: NIFA counts contacts per debtor across loans. */
  debtorRef: string;
  /** Who made the contact: the lender (absent, as before agencies reported theirs) or an agency. */
  party?: 'lender' | 'agency';
  /** The agency a placement was made with, or the agency that reported the contact. */
  agency?: string;
  seq: number;
  step: string;
  channel: string;
  template?: string;
  /** collection, validation-notice or legal; absent for internal review tasks. */
  purpose?: string;
  status: ContactStatus;
  /** The step outcome the send produced (delivered, no-contact). */
  outcome?: string;
  /** The compliance rule that decided, and the profile it belongs to. */
  rule?: string;
  profile?: string;
  reason?: string;
  /** Why a send failed for good: PROVIDER_REJECTED, CONTACT_DATA_MISSING, UNKNOWN_TEMPLATE. */
  failureCode?: string;
  /** Business time a deferred attempt may be tried again. */
  deferredUntil?: Date;
  /** The provider's id for what it accepted (message, tracking, placement, filing) or the task id. */
  providerRef?: string;
  /** What the guard counts for a sent attempt: an agent's report (conversation, no-answer…) or a failed delivery. */
  contactOutcome?: string;
  /** Business time of the reported conversation, when it came after the attempt. */
  outcomeAt?: Date;
  /** The provider's delivery status as last polled (delivered, mailed, hearing-scheduled…). */
  deliveryStatus?: string;
  deliveryDetail?: string;
  /** Business time of the attempt. */
  at: Date;
  updatedAt: Date;
  /** The hour (0–23) on the debtor's clock at the attempt, for the contact report; absent on entries from before it was kept. */
  localHour?: number;
  /** The balance (minor units) when the attempt was made: what a placement put with the agency; absent on entries from before it was kept. */
  balance?: number;
}

const contactSchema = new Schema<ContactRecord>(
  {
    _id: { type: String, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    debtorRef: { type: String, required: true },
    party: String,
    agency: String,
    seq: { type: Number, required: true },
    step: { type: String, required: true },
    channel: { type: String, required: true },
    template: String,
    purpose: String,
    status: { type: String, required: true },
    outcome: String,
    rule: String,
    profile: String,
    reason: String,
    failureCode: String,
    deferredUntil: Date,
    providerRef: String,
    contactOutcome: String,
    outcomeAt: Date,
    deliveryStatus: String,
    deliveryDetail: String,
    at: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    localHour: Number,
    balance: Number,
  },
  { collection: 'contact_log', versionKey: false },
);
contactSchema.index({ loanId: 1, at: -1 });
contactSchema.index({ debtorRef: 1, at: -1 });
contactSchema.index({ providerRef: 1 });
/**
 * What the portfolio's day reads (contactsOnDay): the attempts of one business
 * day, grouped by channel, status, rule and reported outcome, served whole from
 * this index on MongoDB (a covered range over the day's entries, however many
 * cases are open). FerretDB reads the whole log for it (see bench/README.md).
 */
export const CONTACT_DAY_INDEX = { at: 1, channel: 1, status: 1, rule: 1, contactOutcome: 1 } as const;
contactSchema.index(CONTACT_DAY_INDEX);

/** The day's attempts that share a channel, status, rule and reported outcome, and how many there are. */
export interface ContactDayGroup {
  channel: string;
  status: ContactStatus;
  rule?: string;
  contactOutcome?: string;
  count: number;
}

/** The attempts made from `from` up to `to` (business time), in groups: one $match on the day index and one $group. */
export async function contactsOnDay(connection: mongoose.Connection, from: Date, to: Date): Promise<ContactDayGroup[]> {
  const groups = await contactModel(connection).aggregate<{ _id: Omit<ContactDayGroup, 'count'>; count: number }>([
    { $match: { at: { $gte: from, $lt: to } } },
    { $group: { _id: { channel: '$channel', status: '$status', rule: '$rule', contactOutcome: '$contactOutcome' }, count: { $sum: 1 } } },
  ]);
  return groups.map(({ _id, count }) => ({ ..._id, count }));
}

export function contactModel(connection: mongoose.Connection) {
  return (connection.models.Contact as mongoose.Model<ContactRecord> | undefined) ?? connection.model<ContactRecord>('Contact', contactSchema);
}

/**
 * Where to find a loan's and a debtor's attempts by _id: one document per loan
 * (`loan:<loanId>`) and per debtor (`debtor:<debtorRef>`) listing the keys of
 * the attempts that were allowed out, with when and on what channel. The guard
 * reads it and then the attempts themselves, every read by _id, instead of
 * querying the log by loan or debtor: FerretDB answers such a query by reading
 * the whole log, MongoDB from the indexes above; by _id both are quick.
 */
interface ContactIndexRecord {
  _id: string;
  attempts: { key: string; at: Date; channel: string; purpose?: string }[];
  /** Written through documentReviser: listings are written by many cases of one debtor at once. */
  revision?: number;
}

const contactIndexSchema = new Schema<ContactIndexRecord>(
  {
    _id: { type: String, required: true },
    attempts: [{ _id: false, key: String, at: Date, channel: String, purpose: String }],
    revision: { type: Number },
  },
  { collection: 'contact_index', versionKey: false },
);

function contactIndexModel(connection: mongoose.Connection) {
  return (
    (connection.models.ContactIndex as mongoose.Model<ContactIndexRecord> | undefined) ??
    connection.model<ContactIndexRecord>('ContactIndex', contactIndexSchema)
  );
}

/** How long after an attempt its reported conversation may still come (and count from then). */
const OUTCOME_REPORT_DAYS = 30;
const DAY_MS = 86_400_000;

/** An agency's report of a contact attempt of its own: keyed by the placement and the agency's reference. */
export type AgencyContactEntry = Pick<ContactRecord, 'caseId' | 'loanId' | 'debtorRef' | 'seq' | 'channel' | 'agency' | 'contactOutcome' | 'at' | 'localHour'> & {
  placementRef: string;
  reference: string;
};

export const agencyContactKey = (placementRef: string, reference: string) => `${placementRef}:contact:${reference}`;

/** The idempotency key of the action that made a placement, from its reference (`<caseId>:placement:<seq>`). */
function placementActionKey(placementRef: string): string | undefined {
  const match = /^(.+):placement:(\d+)$/.exec(placementRef);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

/** What identifies an attempt, written on its first log entry. */
export type ContactAttemptEntry = Pick<
  ContactRecord,
  'idempotencyKey' | 'caseId' | 'loanId' | 'debtorRef' | 'seq' | 'step' | 'channel' | 'template' | 'purpose' | 'at'
> &
  Partial<Pick<ContactRecord, 'localHour' | 'balance'>>;

/** Statuses that mean the attempt went out (or is going out): they count, and a verdict no longer changes them. */
const WENT_OUT: ContactStatus[] = ['pending', 'sent'];
/** An entry's status as read, or null when there is none. */
type StoredStatus = Pick<ContactRecord, 'status'> | null;
const DUPLICATE_KEY = 11000;

export function contactLog(connection: mongoose.Connection) {
  const Contact = contactModel(connection);

  /**
   * Writes the attempt unless it already went out; then the existing entry stands.
   * `known` is the entry as the caller has just read it (null: none), which
   * spares reading it again.
   */
  async function writeUnlessOut(entry: ContactAttemptEntry, fields: Partial<ContactRecord>, known?: StoredStatus): Promise<void> {
    // Lookups and writes by _id only (see src/activities/case-records.ts); one
    // activity attempt at a time writes an action's entry.
    const stored = known !== undefined ? known : await Contact.findById(entry.idempotencyKey, { status: 1 }).lean<Pick<ContactRecord, 'status'>>();
    if (stored && WENT_OUT.includes(stored.status)) return;
    const written = { ...entry, ...fields, updatedAt: new Date() };
    if (stored) {
      await Contact.updateOne({ _id: entry.idempotencyKey }, { $set: written });
      return;
    }
    try {
      await Contact.create({ _id: entry.idempotencyKey, ...written });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      // Written meanwhile, or an entry from before the log was keyed by _id.
      await Contact.updateOne({ idempotencyKey: entry.idempotencyKey, status: { $nin: WENT_OUT } }, { $set: written });
    }
  }

  const ContactIndex = contactIndexModel(connection);
  const reviseIndex = documentReviser(connection, ContactIndex);
  const indexIds = (scope: { loanId: string } | { debtorRef: string }) => ('loanId' in scope ? `loan:${scope.loanId}` : `debtor:${scope.debtorRef}`);

  /** Lists the attempt under its loan and its debtor; adding it again changes nothing. */
  async function index(entry: ContactAttemptEntry): Promise<void> {
    const attempt = { key: entry.idempotencyKey, at: entry.at, channel: entry.channel, ...(entry.purpose && { purpose: entry.purpose }) };
    // Two writes by _id rather than one on both: FerretDB serves only single-_id filters from its index. Each is
    // a revision (not $addToSet): a debtor's loans list their attempts at once, and FerretDB would lose some.
    const ids = [indexIds({ loanId: entry.loanId }), indexIds({ debtorRef: entry.debtorRef })];
    await Promise.all(
      ids.map((id) =>
        reviseIndex(id, (listing) => (listing?.attempts.some((listed) => listed.key === attempt.key) ? undefined : { attempts: [...(listing?.attempts ?? []), attempt] })),
      ),
    );
  }

  /** The listed attempts of a loan or debtor that `keep` selects, read by _id, oldest first. */
  async function listed(scope: { loanId: string } | { debtorRef: string }, keep: (attempt: ContactIndexRecord['attempts'][number]) => boolean) {
    const listing = await ContactIndex.findById(indexIds(scope)).lean<ContactIndexRecord>();
    const keys = (listing?.attempts ?? []).filter(keep).sort((a, b) => a.at.getTime() - b.at.getTime()).map((attempt) => attempt.key);
    const records = await Promise.all(keys.map((key) => Contact.findById(key).lean<ContactRecord>()));
    return records.filter((record): record is ContactRecord => record !== null && WENT_OUT.includes(record.status));
  }

  const update = (idempotencyKey: string, fields: Partial<ContactRecord>) =>
    Contact.updateOne({ _id: idempotencyKey }, { $set: { ...fields, updatedAt: new Date() } });

  return {
    find: (idempotencyKey: string) => Contact.findById(idempotencyKey).lean<ContactRecord>(),

    /** The guard's deferral or denial, with its rule and reason. */
    recordVerdict(entry: ContactAttemptEntry, verdict: Pick<ContactRecord, 'status' | 'rule' | 'profile' | 'reason' | 'deferredUntil'>, known?: StoredStatus) {
      return writeUnlessOut(entry, verdict, known);
    },

    /** Allowed and about to be sent: from here on a retry re-sends under the same key instead of asking the guard again. */
    async markPending(entry: ContactAttemptEntry, verdict: Pick<ContactRecord, 'rule' | 'profile' | 'reason'>, known?: StoredStatus) {
      // Listed first: a retry finds the entry pending and does not come back here.
      await index(entry);
      await writeUnlessOut(entry, { ...verdict, status: 'pending' }, known);
    },

    /** Sent; a placement also names the agency it was made with. */
    markSent: (idempotencyKey: string, fields: Pick<ContactRecord, 'outcome' | 'providerRef' | 'reason' | 'agency'>) =>
      update(idempotencyKey, { ...fields, status: 'sent' }),

    /**
     * Logs an agency's own contact attempt once per agency reference, listed under
     * the loan and the debtor like ours, so the guard counts it. Returns the entry
     * as logged, and whether this call logged it (a repeat finds it there).
     */
    async recordAgencyContact(entry: AgencyContactEntry): Promise<{ record: ContactRecord; created: boolean }> {
      const { placementRef, reference, ...fields } = entry;
      const key = agencyContactKey(placementRef, reference);
      const logged = await Contact.findById(key).lean<ContactRecord>();
      if (logged) return { record: logged, created: false };
      const attempt = { ...fields, idempotencyKey: key, step: 'agency-contact', purpose: 'collection' };
      await index(attempt);
      let created = true;
      try {
        await Contact.create({
          _id: key,
          ...attempt,
          party: 'agency',
          status: 'sent',
          providerRef: placementRef,
          outcomeAt: fields.at,
          reason: `reported by agency ${fields.agency} as ${reference}`,
          updatedAt: new Date(),
        });
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        created = false;
      }
      return { record: (await Contact.findById(key).lean<ContactRecord>())!, created };
    },

    markFailed: (idempotencyKey: string, fields: Pick<ContactRecord, 'failureCode' | 'reason'>) => update(idempotencyKey, { ...fields, status: 'failed' }),

    recordOutcome: (idempotencyKey: string, contactOutcome: string, outcomeAt: Date) => update(idempotencyKey, { contactOutcome, outcomeAt }),

    recordDelivery: (idempotencyKey: string, fields: Pick<ContactRecord, 'deliveryStatus' | 'deliveryDetail' | 'contactOutcome'>) =>
      update(idempotencyKey, fields),

    /** Attempts that went out for the loan (or the debtor) since `since`, by attempt or conversation time. */
    async wentOutSince(scope: { loanId: string } | { debtorRef: string }, since: Date): Promise<ContactRecord[]> {
      const earliest = since.getTime() - OUTCOME_REPORT_DAYS * DAY_MS;
      const records = await listed(scope, (attempt) => attempt.at.getTime() > earliest);
      return records.filter((record) => record.at > since || (record.outcomeAt !== undefined && record.outcomeAt > since));
    },

    /** The first attempt on one of `channels` (with `purpose`, when given) that went out for the loan. */
    async firstWentOut(loanId: string, channels: readonly string[], purpose?: string): Promise<Date | undefined> {
      const [first] = await listed({ loanId }, (attempt) => channels.includes(attempt.channel) && (!purpose || attempt.purpose === purpose));
      return first?.at;
    },

    /** The placement made under this reference, read by _id: the placement action's key is in the reference. */
    async placement(placementRef: string): Promise<ContactRecord | null> {
      const key = placementActionKey(placementRef);
      // Or an entry from before the log was keyed by _id.
      const record = key ? ((await Contact.findById(key).lean<ContactRecord>()) ?? (await Contact.findOne({ idempotencyKey: key }).lean<ContactRecord>())) : null;
      return record?.channel === 'agency' && record.providerRef === placementRef && record.status === 'sent' ? record : null;
    },
  };
}

export type ContactLog = ReturnType<typeof contactLog>;

/** What the reports read of an attempt: no debtor reference, no provider text. */
export type ContactReportEntry = Pick<
  ContactRecord,
  'caseId' | 'party' | 'agency' | 'step' | 'channel' | 'template' | 'purpose' | 'status' | 'outcome' | 'rule' | 'providerRef' | 'contactOutcome' | 'deliveryStatus' | 'at' | 'localHour' | 'balance'
>;

/**
 * The attempts made from `from` up to `to` (business time), streamed with a
 * projection for the reports to count in code (they join an attempt with the
 * case's later payments, which no aggregation both stores share can do). The
 * range is served by CONTACT_DAY_INDEX on MongoDB; FerretDB reads the log through.
 */
export function contactsBetween(connection: mongoose.Connection, from: Date, to: Date): AsyncIterable<ContactReportEntry> {
  const fields = ['caseId', 'party', 'agency', 'step', 'channel', 'template', 'purpose', 'status', 'outcome', 'rule', 'providerRef', 'contactOutcome', 'deliveryStatus', 'at', 'localHour', 'balance'];
  return contactModel(connection)
    .find({ at: { $gte: from, $lt: to } }, Object.fromEntries([['_id', 0], ...fields.map((field) => [field, 1])]))
    .lean<ContactReportEntry[]>()
    .batchSize(2000)
    .cursor();
}
