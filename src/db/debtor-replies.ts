// Debtors' replies on digital channels, each kept once as the provider sent it:
// its words, the message it answers and the overdue reason read from it, if any.
// A reply that named no reason is kept all the same, so nothing a debtor wrote is lost.
import mongoose, { Schema } from 'mongoose';

export interface DebtorReplyRecord {
  /** `<channel>:<the provider's message id>`: a reply posted twice is stored once. */
  _id: string;
  channel: 'sms';
  messageId: string;
  /** The idempotency key of our message it answers. */
  inReplyTo: string;
  caseId: string;
  loanId: string;
  /** The debtor's words. */
  text: string;
  /** Business time the provider received it. */
  receivedAt: Date;
  code?: string;
  matched?: string;
  recordedAt: Date;
}

const replySchema = new Schema<DebtorReplyRecord>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    messageId: { type: String, required: true },
    inReplyTo: { type: String, required: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    text: { type: String, default: '' },
    receivedAt: { type: Date, required: true },
    code: String,
    matched: String,
    recordedAt: { type: Date, required: true },
  },
  { collection: 'debtor_replies', versionKey: false },
);

const DUPLICATE_KEY = 11000;

export function debtorReplies(connection: mongoose.Connection) {
  const Reply =
    (connection.models.DebtorReply as mongoose.Model<DebtorReplyRecord> | undefined) ?? connection.model<DebtorReplyRecord>('DebtorReply', replySchema);
  return {
    /** Stores the reply unless one with its id is stored; answers with the stored one and whether it was there already. */
    async keep(reply: DebtorReplyRecord): Promise<{ reply: DebtorReplyRecord; duplicate: boolean }> {
      try {
        await Reply.create(reply);
        return { reply, duplicate: false };
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        return { reply: (await Reply.findById(reply._id).lean<DebtorReplyRecord>())!, duplicate: true };
      }
    },
    get: (id: string) => Reply.findById(id).lean<DebtorReplyRecord>(),
  };
}
