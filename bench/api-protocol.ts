// What the bench and its API process (bench/api-process.ts) say to each other
// over the IPC channel, and the environment the bench adds for it.

export type ApiProcessMessage =
  | { type: 'ready'; port: number; routes: string[]; listsFrom: 'index' | 'store' }
  | { type: 'reloaded'; id: number; listsFrom: 'index' | 'store'; openCases: number | null }
  | { type: 'failed'; error: string };

export type ApiProcessRequest = { type: 'reload'; id: number };

/** The database the API reads (the bench's run database). */
export const API_DATABASE_ENV = 'BENCH_API_DATABASE';
/** The case workflow bundle the API's replay route runs. */
export const API_BUNDLE_ENV = 'BENCH_API_CASE_BUNDLE';
