// Who saw a debtor's contact details, when and why: one document per case
// (its _id the caseId, so every read and write goes by _id), listing each
// reveal. Append-only; the case's timeline shows the reveals among its events.
import mongoose, { Schema } from 'mongoose';
import { documentReviser } from './revisions';

export interface ContactReveal {
  /** Business time of the reveal. */
  at: Date;
  actor: string;
  reason: string;
  /** The case's event count when it happened: the timeline shows the reveal after that event. */
  afterSeq: number;
  /** The contact fields shown (name, phone, address, nationalId). */
  fields: string[];
}

interface ContactRevealsRecord {
  /** The caseId. */
  _id: string;
  loanId: string;
  reveals: ContactReveal[];
  /** Written through documentReviser: two supervisors may reveal one case at once. */
  revision?: number;
}

const contactRevealsSchema = new Schema<ContactRevealsRecord>(
  {
    _id: { type: String, required: true },
    loanId: { type: String, required: true },
    reveals: [{ _id: false, at: { type: Date, required: true }, actor: String, reason: String, afterSeq: Number, fields: [String] }],
    revision: { type: Number },
  },
  { collection: 'contact_reveals', versionKey: false },
);

function contactRevealsModel(connection: mongoose.Connection) {
  return (
    (connection.models.ContactReveals as mongoose.Model<ContactRevealsRecord> | undefined) ??
    connection.model<ContactRevealsRecord>('ContactReveals', contactRevealsSchema)
  );
}

export function contactReveals(connection: mongoose.Connection) {
  const Reveals = contactRevealsModel(connection);
  const revise = documentReviser(connection, Reveals);
  return {
    /** Appends the reveal to the case's list; its write is acknowledged before the contact is shown. */
    async record(caseId: string, loanId: string, reveal: ContactReveal): Promise<void> {
      // A revision, not $push: FerretDB would lose one of two reveals written at once, and each is an audit record.
      await revise(caseId, (record) => ({ loanId: record?.loanId ?? loanId, reveals: [...(record?.reveals ?? []), reveal] }));
    },

    /** The case's reveals, oldest first. */
    async of(caseId: string): Promise<ContactReveal[]> {
      const record = await Reveals.findById(caseId).lean<ContactRevealsRecord>();
      return record?.reveals ?? [];
    },
  };
}
