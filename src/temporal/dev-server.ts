// How the embedded mode's Temporal dev server keeps its state: in one SQLite
// file, written ahead (WAL) and synced at checkpoints rather than at every
// commit. A case's first turn commits a dozen times (start, workflow tasks,
// activities, timer); syncing each one made the disk, not the CPU, the limit on
// how fast cases open. A crash of the server process loses nothing; a crash of
// the machine may lose the last commits before a checkpoint, as a dev server may.
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/** The dev server's arguments for its database file. */
export function devServerStoreArgs(dbFile: string): string[] {
  return ['--db-filename', dbFile, ...DEV_SERVER_SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma])];
}
