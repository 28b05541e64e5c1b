// Checks history files an auditor holds against the current workflow code, the
// same check as POST /v1/audit/replay, without the API or the workflow service:
//   npm run replay -- case-L-1001.json portfolio-sweep.json
// A file is a history as `temporal workflow show --output json` or
// GET /v1/cases/{caseId}/history writes it, its payloads still encrypted: the
// codec keyring decrypts them (ARREARS_CODEC_KEYS and ARREARS_CODEC_ACTIVE_KEY,
// or in the embedded mode the keyring `npm start` keeps in ARREARS_DATA_DIR).
// Prints a JSON verdict per file; exits 0 when every file matches, 1 when one
// diverges, 2 when one cannot be checked (unreadable, not a history, a key missing).
import { readFile } from 'node:fs/promises';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import {
  createReplayer,
  HistoryFormatError,
  historyJsonSchema,
  replayHistoryJson,
  UnreplayableHistoryError,
  type HistoryFileVerdict,
  type Replayer,
} from '../cases/replay';
import { issueDetails } from '../cases/validation-issues';
import { ConfigError } from '../config';
import { dataConverter } from '../security/data-converter';
import { developmentSecretsFile, loadDevelopmentConfig } from '../security/dev-secrets';

type FileVerdict = { file: string } & (HistoryFileVerdict | { error: string });

const USAGE = 'Usage: npm run replay -- <history.json>… (as `temporal workflow show --output json` writes it)';

/** How long the replay worker waits for the next file: they are queued together, so not long. */
const IDLE_MS = 1_000;

/** The Temporal runtime the replay worker runs on; let go at the end, or it keeps the process alive when no file got that far. */
let runtime: Runtime | undefined;

async function replayer(): Promise<Replayer> {
  const config = await loadDevelopmentConfig();
  if (!config.codecKeyring && config.ARREARS_MODE === 'embedded') {
    throw new ConfigError(
      `ARREARS_CODEC_KEYS is not set and ${developmentSecretsFile(config.ARREARS_DATA_DIR)} holds no keyring: ` +
        'set ARREARS_CODEC_KEYS and ARREARS_CODEC_ACTIVE_KEY to the keyring the histories were written with, or run npm start once',
    );
  }
  // The verdicts say what went wrong; the replay worker's own chatter (state changes, the failed task) stays out.
  runtime = Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  return createReplayer({ dataConverter: dataConverter(config.codecKeyring), idleMs: IDLE_MS });
}

async function verdictOn(file: string, replay: Replayer): Promise<FileVerdict> {
  try {
    const parsed = historyJsonSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) {
      const problems = issueDetails(parsed.error.issues).map(({ path, message }) => (path ? `${path}: ${message}` : message));
      return { file, error: `not a Temporal history: ${problems.join('; ')}` };
    }
    return { file, ...(await replayHistoryJson(replay, parsed.data, file)) };
  } catch (error) {
    if (error instanceof SyntaxError) return { file, error: `not JSON: ${error.message}` };
    const unreadable = error instanceof Error && 'syscall' in error; // ENOENT, EACCES, EISDIR…
    if (unreadable || error instanceof HistoryFormatError || error instanceof UnreplayableHistoryError) return { file, error: (error as Error).message };
    throw error;
  }
}

async function replayFiles(files: string[]): Promise<number> {
  if (!files.length || files.some((file) => file.startsWith('-'))) throw new ConfigError(USAGE);
  const replay = await replayer();
  // Queued together, the files replay one after another on one replay worker.
  const verdicts = await Promise.all(files.map((file) => verdictOn(file, replay)));
  await runtime?.shutdown();
  process.stdout.write(`${JSON.stringify(verdicts, null, 2)}\n`);
  if (verdicts.some((verdict) => 'error' in verdict)) return 2;
  return verdicts.every((verdict) => 'match' in verdict && verdict.match) ? 0 : 1;
}

replayFiles(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`replay: ${error.message}\n`);
    process.exitCode = 2;
  },
);
