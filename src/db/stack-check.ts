import mongoose, { Schema } from 'mongoose';

export interface StackCheckRecord {
  checkId: string;
  status: 'started' | 'completed';
  startedAt: Date;
  completedAt?: Date;
}

const stackCheckSchema = new Schema<StackCheckRecord>(
  {
    checkId: { type: String, required: true, unique: true },
    status: { type: String, required: true, enum: ['started', 'completed'] },
    startedAt: { type: Date, required: true },
    completedAt: Date,
  },
  { collection: 'stack_checks', versionKey: false },
);

export function stackCheckModel(connection: mongoose.Connection) {
  return connection.model<StackCheckRecord>('StackCheck', stackCheckSchema);
}
