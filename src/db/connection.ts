import mongoose from 'mongoose';

/**
 * Opens a mongoose connection. Returns a dedicated connection rather than the
 * global one so tests and the API can hold several at once.
 */
export async function connectDatabase(uri: string, dbName?: string): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 10_000,
    // FerretDB 1.24 has no sessions; keep the driver from asking for them.
    retryWrites: false,
  });
  await connection.asPromise();
  return connection;
}
