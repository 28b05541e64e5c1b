import type mongoose from 'mongoose';
import { stackCheckModel } from '../db/stack-check';

export function createStackCheckActivities(connection: mongoose.Connection) {
  const StackCheck = stackCheckModel(connection);
  return {
    /** Writes the check document (idempotently) and returns what a fresh read finds. */
    async recordStackCheck(checkId: string): Promise<string> {
      await StackCheck.updateOne(
        { checkId },
        { $setOnInsert: { checkId, status: 'started', startedAt: new Date() } },
        { upsert: true },
      );
      const found = await StackCheck.findOne({ checkId }).lean();
      if (!found) throw new Error(`stack check ${checkId} was written but cannot be read back`);
      return found.checkId;
    },
    async completeStackCheck(checkId: string): Promise<void> {
      await StackCheck.updateOne({ checkId }, { $set: { status: 'completed', completedAt: new Date() } });
    },
  };
}

export type StackCheckActivities = ReturnType<typeof createStackCheckActivities>;
