// The opt-out registry: what each debtor asked us to stop sending, one document per
// debtor (its _id the debtorRef, so every read and write goes by _id). An opt-out is
// the debtor's wish across all their loans, and NIFA counts per debtor too. Each scope
// (a channel, or 'all-electronic') is kept once: opting out again keeps the first record,
// which says when, how and from which message.
import mongoose, { Schema } from 'mongoose';
import { documentReviser } from './revisions';
import { OPT_OUT_SCOPES, type OptOut, type OptOutMethod, type OptOutScope } from '../domain/compliance';

export interface OptOutEntry {
  /** Business time the debtor opted out. */
  at: Date;
  method: OptOutMethod;
  caseId: string;
  loanId: string;
  /** The idempotency key of the message whose link (or reply) carried it. */
  messageKey?: string;
  /** Who recorded it: `debtor`, or the supervisor's subject. */
  actor: string;
  /** A supervisor's note of how the debtor asked. */
  note?: string;
}

interface OptOutsRecord {
  /** The debtorRef. */
  _id: string;
  scopes: Partial<Record<OptOutScope, OptOutEntry>>;
  /** Written through documentReviser: one debtor's opt-outs may come at once (two messages' links, a reply). */
  revision?: number;
}

const entrySchema = new Schema<OptOutEntry>(
  {
    at: { type: Date, required: true },
    method: { type: String, required: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    messageKey: String,
    actor: { type: String, required: true },
    note: String,
  },
  { _id: false },
);

const optOutsSchema = new Schema<OptOutsRecord>(
  {
    _id: { type: String, required: true },
    scopes: new Schema(Object.fromEntries(OPT_OUT_SCOPES.map((scope) => [scope, { type: entrySchema, default: undefined }])), { _id: false }),
    revision: { type: Number },
  },
  { collection: 'opt_outs', versionKey: false },
);

function optOutsModel(connection: mongoose.Connection) {
  return (connection.models.OptOuts as mongoose.Model<OptOutsRecord> | undefined) ?? connection.model<OptOutsRecord>('OptOuts', optOutsSchema);
}

/** One scope's opt-out as the registry holds it. */
export interface StoredOptOut extends OptOutEntry {
  scope: OptOutScope;
}

function listOf(record: OptOutsRecord | null): StoredOptOut[] {
  if (!record?.scopes) return [];
  return OPT_OUT_SCOPES.flatMap((scope) => {
    const entry = record.scopes[scope];
    return entry ? [{ scope, ...entry }] : [];
  });
}

export function optOutRegistry(connection: mongoose.Connection) {
  const OptOuts = optOutsModel(connection);
  const revise = documentReviser(connection, OptOuts);

  async function of(debtorRef: string): Promise<StoredOptOut[]> {
    return listOf(await OptOuts.findById(debtorRef).lean<OptOutsRecord>());
  }

  return {
    of,

    /** The debtor's opt-outs as the compliance guard reads them. */
    async forGuard(debtorRef: string): Promise<OptOut[]> {
      return (await of(debtorRef)).map(({ scope, at, method }) => ({ scope, atMs: at.getTime(), method }));
    },

    /**
     * Records the scope unless the debtor opted out of it before; answers with the record that
     * stands (the first) and whether this call made it.
     */
    async record(debtorRef: string, scope: OptOutScope, entry: OptOutEntry): Promise<{ optOut: StoredOptOut; recorded: boolean }> {
      // A revision, not an upsert of the one field: FerretDB would lose one of two scopes recorded at once.
      let recorded = false;
      const written = await revise(debtorRef, (current) => {
        recorded = !current?.scopes?.[scope];
        return recorded ? { scopes: { ...(current?.scopes ?? {}), [scope]: entry } } : undefined;
      });
      const optOut = listOf(written).find((stored) => stored.scope === scope)!;
      return { optOut, recorded };
    },
  };
}

export type OptOutRegistry = ReturnType<typeof optOutRegistry>;
