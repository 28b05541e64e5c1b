import type mongoose from 'mongoose';
import type { ActionRequest, ActionResult, StepOutcome } from '../domain';
import { contactModel } from '../db/contacts';

export function createChannelActivities(connection: mongoose.Connection) {
  const Contact = contactModel(connection);
  return {
    /** Runs one outbound action, logging it once under its idempotency key. */
    async performAction(request: ActionRequest): Promise<ActionResult> {
      const outcome: StepOutcome = request.channel === 'phone' || request.channel === 'field-visit' ? 'no-contact' : 'delivered';
      const now = new Date();
      await Contact.updateOne(
        { idempotencyKey: request.idempotencyKey },
        {
          $setOnInsert: {
            idempotencyKey: request.idempotencyKey,
            caseId: request.caseId,
            loanId: request.loanId,
            seq: request.seq,
            step: request.step,
            channel: request.channel,
            template: request.template,
            status: 'sent',
            outcome,
            at: new Date(request.atMs),
            updatedAt: now,
          },
        },
        { upsert: true },
      );
      return { status: 'sent', outcome, reason: `${request.channel} ${request.template ?? ''} queued`.trim() };
    },
  };
}
