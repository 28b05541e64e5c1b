// The contact log: one document per outbound action, keyed by its idempotency
// key (unique), so however often an activity retries, a contact is logged once.
import mongoose, { Schema } from 'mongoose';

export interface ContactRecord {
  idempotencyKey: string;
  caseId: string;
  loanId: string;
  seq: number;
  step: string;
  channel: string;
  template?: string;
  status: 'pending' | 'sent' | 'deferred' | 'denied' | 'failed';
  outcome?: string;
  /** The compliance rule that decided, for guard verdicts. */
  rule?: string;
  reason?: string;
  providerRef?: string;
  /** Business time of the attempt. */
  at: Date;
  updatedAt: Date;
}

const contactSchema = new Schema<ContactRecord>(
  {
    idempotencyKey: { type: String, required: true, unique: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    seq: { type: Number, required: true },
    step: { type: String, required: true },
    channel: { type: String, required: true },
    template: String,
    status: { type: String, required: true },
    outcome: String,
    rule: String,
    reason: String,
    providerRef: String,
    at: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'contact_log', versionKey: false },
);
contactSchema.index({ loanId: 1, at: -1 });

export function contactModel(connection: mongoose.Connection) {
  return connection.models.Contact ?? connection.model<ContactRecord>('Contact', contactSchema);
}
