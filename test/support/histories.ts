// Recorded case histories: scenario tests write the histories of their cases to
// test/fixtures/histories/<set>/ when RECORD_HISTORIES is set (`npm run
// record-histories`), and test/cases/recorded-histories.test.ts replays every
// one of every set with the current workflow code, so a change that breaks
// determinism fails the suite. A set is the histories one version of the
// workflow code recorded, named by the day it was recorded: sets recorded
// before a patched() change keep its old path replaying (see
// docs/workflow-versioning.md). Payloads stay encrypted with the test keyring,
// as the server stored them.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = path.resolve(__dirname, '../fixtures/histories');
const JSON_FORM = { enums: String, longs: String, bytes: String };
const { History } = temporal.api.history.v1;

export interface RecordedHistory {
  /** What the case went through, in words. */
  scenario: string;
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

export const recordingHistories = () => process.env.RECORD_HISTORIES === '1';

/** The set a recording writes: RECORD_HISTORIES_SET, or today's date. */
const recordingSet = () => process.env.RECORD_HISTORIES_SET ?? new Date().toISOString().slice(0, 10);

/**
 * Writes the handle's history (its latest run) as `<name>.json` when recording;
 * otherwise does nothing. Call it after the case has finished.
 */
export async function recordHistory(handle: WorkflowHandle, name: string, scenario: string): Promise<void> {
  if (!recordingHistories()) return;
  const history = History.toObject(History.fromObject(await handle.fetchHistory()), JSON_FORM);
  const recorded: RecordedHistory = { scenario, workflowId: handle.workflowId, history };
  const dir = path.join(HISTORIES_DIR, recordingSet());
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(recorded, null, 1)}\n`);
}

/** Every recorded history of every set, by `<set>/<file name>`, oldest set first. */
export function recordedHistories(): Array<{ name: string; scenario: string; workflowId: string; history: temporal.api.history.v1.History }> {
  const sets = readdirSync(HISTORIES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return sets.flatMap((set) =>
    readdirSync(path.join(HISTORIES_DIR, set))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => {
        const recorded = JSON.parse(readFileSync(path.join(HISTORIES_DIR, set, file), 'utf8')) as RecordedHistory;
        const history = History.fromObject(recorded.history);
        return { name: `${set}/${file.replace(/\.json$/, '')}`, scenario: recorded.scenario, workflowId: recorded.workflowId, history };
      }),
  );
}
