import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/connection';

export interface TestDatabase {
  connection: mongoose.Connection;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** A connection to a fresh, uniquely named database on the test server. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const { MONGODB_URI } = loadConfig();
  const connection = await connectDatabase(MONGODB_URI, `test_${randomUUID().slice(0, 8)}`);
  return {
    connection,
    async drop() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
