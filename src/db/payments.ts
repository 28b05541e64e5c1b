// Payments received from the loan system, one document per reference (unique):
// the same payment posted twice is recorded once. `appliedAt` is set once the
// loan book has allocated it, so a retry after a crash finishes the job.
import mongoose, { Schema } from 'mongoose';

export interface PaymentRecord {
  reference: string;
  loanId: string;
  /** Minor units. */
  amount: number;
  /** 'YYYY-MM-DD' value date. */
  date: string;
  receivedBy: string;
  receivedAt: Date;
  appliedAt: Date | null;
  /** What exceeded the unpaid installments, in minor units. */
  surplus: number;
}

const paymentSchema = new Schema<PaymentRecord>(
  {
    reference: { type: String, required: true, unique: true },
    loanId: { type: String, required: true, index: true },
    amount: { type: Number, required: true },
    date: { type: String, required: true },
    receivedBy: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    appliedAt: { type: Date, default: null },
    surplus: { type: Number, default: 0 },
  },
  { collection: 'payments', versionKey: false },
);

export function paymentModel(connection: mongoose.Connection) {
  return (connection.models.Payment as mongoose.Model<PaymentRecord> | undefined) ?? connection.model<PaymentRecord>('Payment', paymentSchema);
}

const DUPLICATE_KEY = 11000;

export type NewPayment = Pick<PaymentRecord, 'reference' | 'loanId' | 'amount' | 'date' | 'receivedBy'>;

export function paymentLedger(connection: mongoose.Connection) {
  const Payment = paymentModel(connection);
  return {
    /** Records the payment, or returns the one already recorded under its reference. */
    async record(payment: NewPayment): Promise<{ record: PaymentRecord; duplicate: boolean }> {
      try {
        await Payment.init(); // the unique reference index must exist before the first insert
        const created = await Payment.create({ ...payment, receivedAt: new Date(), appliedAt: null, surplus: 0 });
        return { record: created.toObject(), duplicate: false };
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        const existing = await Payment.findOne({ reference: payment.reference }).lean<PaymentRecord>();
        if (!existing) throw error;
        return { record: existing, duplicate: true };
      }
    },

    async markApplied(reference: string, surplus: number): Promise<PaymentRecord | null> {
      return Payment.findOneAndUpdate({ reference }, { $set: { appliedAt: new Date(), surplus } }, { returnDocument: 'after' }).lean<PaymentRecord>();
    },
  };
}

export type PaymentLedger = ReturnType<typeof paymentLedger>;
