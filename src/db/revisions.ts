// Read-modify-write of one document by many writers at once, without
// transactions. FerretDB applies concurrent updates of one document without
// isolation: two writers that read revision r both match a write conditional on
// r, and one change is lost (measured: a debtor's contact listing lost 4 to 7 of
// 30 attempts written at once; a loan lost payments). What both stores do
// atomically is insert a unique _id. So a writer first claims revision r+1 by
// inserting `<collection>:<id>#<r+1>` into revision_claims, which only one can;
// the others wait for the document to move on and read it again. A claim whose
// writer died (older than the lease, the document still at r) is passed over:
// the next writer claims the number after it. The document keeps its revision.
// Every statement goes by _id alone: FerretDB reads the whole collection for
// any other filter (an update filtered on _id and revision cost 795 ms a write
// at 8,000 contact listings, and stalled the bench's intake). So the claimant
// reads the revision again, by _id, just before it writes by _id: only a
// claimant stalled past the lease between those two statements could write
// over the one that passed it over.
import mongoose, { Schema } from 'mongoose';

/** How long a claimed revision waits for its writer before the next writer passes it over. */
export const CLAIM_LEASE_MS = 30_000;

const DUPLICATE_KEY = 11000;

interface Claim {
  _id: string;
  at: Date;
}

const claimSchema = new Schema<Claim>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { collection: 'revision_claims', versionKey: false });

function claimModel(connection: mongoose.Connection): mongoose.Model<Claim> {
  return (connection.models.RevisionClaim as mongoose.Model<Claim> | undefined) ?? connection.model<Claim>('RevisionClaim', claimSchema);
}

const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

/** A short, growing, jittered wait while another writer holds the document's next revision. */
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random())));

export interface Revisable {
  _id: string;
  /** Absent on a document written before it was revised this way: read as 0. */
  revision?: number;
}

/**
 * What a change gives: the fields to set, or undefined when there is nothing to
 * do. `current` is null when the document does not exist yet; the fields then
 * make it.
 */
export type Change<T> = (current: T | null) => Partial<Omit<T, '_id' | 'revision'>> | undefined;

export function documentReviser<T extends Revisable>(connection: mongoose.Connection, model: mongoose.Model<T>) {
  const Claims = claimModel(connection);
  const claimId = (id: string, revision: number) => `${model.collection.collectionName}:${id}#${revision}`;

  /** The revision this writer may write after `read`, or undefined while another writer holds the next one. */
  async function claim(id: string, read: number): Promise<number | undefined> {
    for (let revision = read + 1; ; revision += 1) {
      try {
        await Claims.create({ _id: claimId(id, revision), at: new Date() });
        return revision;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
      const held = await Claims.findById(claimId(id, revision)).lean<Claim>();
      // Released meanwhile: its writer is done (or gave up), so read the document again. Skipping to the next
      // number here would let this writer, with its older read, write beside the next claimant of that number.
      if (!held || Date.now() - held.at.getTime() < CLAIM_LEASE_MS) return undefined;
    }
  }

  /** Applies `change` to the document once, whoever else writes it meanwhile; returns the document as written (or as found, when nothing changed). */
  return async function revise(id: string, change: Change<T>): Promise<T | null> {
    for (let attempt = 0; ; attempt += 1) {
      const current = await model.findById(id).lean<T>();
      const fields = change(current);
      if (!fields) return current;
      if (!current) {
        const created = { ...fields, _id: id, revision: 1 } as unknown as T;
        try {
          await model.create(created);
          return created;
        } catch (error) {
          if (!isDuplicate(error)) throw error;
          continue;
        }
      }
      const read = current.revision ?? 0;
      const revision = await claim(id, read);
      if (revision === undefined) {
        await pause(attempt);
        continue;
      }
      const still = await model.findById(id, { revision: 1 }).lean<Revisable>();
      const unchanged = (still?.revision ?? 0) === read;
      if (unchanged) await model.updateOne({ _id: id } as mongoose.QueryFilter<T>, { $set: { ...fields, revision } } as mongoose.UpdateQuery<T>);
      // The document is past the claimed number now (or another writer passed this claim over), so nobody can
      // mistake the claim for a live one.
      await Claims.deleteOne({ _id: claimId(id, revision) });
      if (unchanged) return { ...current, ...fields, revision } as T;
    }
  };
}

export type Reviser<T extends Revisable> = ReturnType<typeof documentReviser<T>>;
