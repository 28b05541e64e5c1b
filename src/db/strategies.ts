// Strategy versions and the choice of default for new cases. A version, once
// stored, never changes: cases are pinned to it. The document is kept as JSON
// text because step parameters are free-form JSON whose keys MongoDB may refuse.
// DEFAULT_STRATEGY is seeded, and made the default, the first time the store is used.
// A newer DEFAULT_STRATEGY is seeded beside the older ones, and becomes the default
// where the default is still one the store seeded itself; never where a strategy
// owner chose one.
import mongoose, { Schema } from 'mongoose';
import { DEFAULT_STRATEGY, type Strategy } from '../domain';
import type { StrategyPromotion } from '../domain/experiments';

export interface StrategyRecord {
  strategyId: string;
  version: number;
  name: string;
  description: string;
  definition: string;
  createdBy: string;
  createdAt: Date;
  /** Set on a version made by promoting a challenger: the experiment behind it. */
  promotion?: StrategyPromotion;
}

interface DefaultStrategySetting {
  key: 'default-strategy';
  strategyId: string;
  version: number;
  chosenBy: string;
  chosenAt: Date;
}

const strategySchema = new Schema<StrategyRecord>(
  {
    strategyId: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    definition: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    promotion: { type: Schema.Types.Mixed },
  },
  { collection: 'strategies', versionKey: false },
);
strategySchema.index({ strategyId: 1, version: 1 }, { unique: true });

const settingSchema = new Schema<DefaultStrategySetting>(
  {
    key: { type: String, required: true, unique: true },
    strategyId: { type: String, required: true },
    version: { type: Number, required: true },
    chosenBy: { type: String, required: true },
    chosenAt: { type: Date, required: true },
  },
  { collection: 'strategy_settings', versionKey: false },
);

function models(connection: mongoose.Connection) {
  return {
    Strategy:
      (connection.models.Strategy as mongoose.Model<StrategyRecord> | undefined) ?? connection.model<StrategyRecord>('Strategy', strategySchema),
    Setting:
      (connection.models.StrategySetting as mongoose.Model<DefaultStrategySetting> | undefined) ??
      connection.model<DefaultStrategySetting>('StrategySetting', settingSchema),
  };
}

export interface StrategyVersion {
  strategy: Strategy;
  createdBy: string;
  createdAt: Date;
  promotion?: StrategyPromotion;
}

export type CreateResult = { ok: true; version: StrategyVersion } | { ok: false; latestVersion: number };

const DUPLICATE_KEY = 11000;
const SEEDED_BY = 'system';

const versionOf = (record: StrategyRecord): StrategyVersion => ({
  strategy: JSON.parse(record.definition) as Strategy,
  createdBy: record.createdBy,
  createdAt: record.createdAt,
  ...(record.promotion && { promotion: record.promotion }),
});

export function strategyStore(connection: mongoose.Connection) {
  const { Strategy, Setting } = models(connection);
  let seeded: Promise<void> | undefined;

  async function seed(): Promise<void> {
    await Promise.all([Strategy.init(), Setting.init()]);
    const now = new Date();
    const { id, version, name, description } = DEFAULT_STRATEGY;
    for (const write of [
      () =>
        Strategy.updateOne(
          { strategyId: id, version },
          { $setOnInsert: { name, description, definition: JSON.stringify(DEFAULT_STRATEGY), createdBy: SEEDED_BY, createdAt: now } },
          { upsert: true },
        ),
      () =>
        Setting.updateOne(
          { key: 'default-strategy' },
          { $setOnInsert: { strategyId: id, version, chosenBy: SEEDED_BY, chosenAt: now } },
          { upsert: true },
        ),
    ]) {
      // Two processes seeding at once: the loser's upsert hits the unique index, and the row is there.
      await write().catch((error: { code?: number }) => {
        if (error.code !== DUPLICATE_KEY) throw error;
      });
    }
    await upgradeSeededDefault(now);
  }

  /** The default is an older seeded version of DEFAULT_STRATEGY, and the stored one at its version is ours: new cases get it. */
  async function upgradeSeededDefault(now: Date): Promise<void> {
    const { id, version } = DEFAULT_STRATEGY;
    const stored = await Strategy.findOne({ strategyId: id, version }, { createdBy: 1 }).lean<Pick<StrategyRecord, 'createdBy'>>();
    if (stored?.createdBy !== SEEDED_BY) return;
    await Setting.updateOne(
      { key: 'default-strategy', strategyId: id, version: { $lt: version }, chosenBy: SEEDED_BY },
      { $set: { version, chosenAt: now } },
    );
  }
  const ready = () => (seeded ??= seed().catch((error) => {
    seeded = undefined;
    throw error;
  }));

  async function latestVersion(strategyId: string): Promise<number> {
    const latest = await Strategy.findOne({ strategyId }, { version: 1 }).sort({ version: -1 }).lean();
    return latest?.version ?? 0;
  }

  async function get(strategyId: string, version: number): Promise<StrategyVersion | null> {
    await ready();
    const record = await Strategy.findOne({ strategyId, version }).lean<StrategyRecord>();
    return record ? versionOf(record) : null;
  }

  return {
    /** Every version, newest first within each strategy, and which one new cases get. */
    async list() {
      await ready();
      const [records, setting] = await Promise.all([
        Strategy.find({}, { definition: 0 }).sort({ strategyId: 1, version: -1 }).lean<Omit<StrategyRecord, 'definition'>[]>(),
        Setting.findOne({ key: 'default-strategy' }).lean<DefaultStrategySetting>(),
      ]);
      return { records, defaultStrategy: setting ? { id: setting.strategyId, version: setting.version } : null };
    },

    get,

    /** Stores a new version; refused unless it is above every stored version of that strategy. */
    async create(strategy: Strategy, createdBy: string, promotion?: StrategyPromotion): Promise<CreateResult> {
      await ready();
      const latest = await latestVersion(strategy.id);
      if (strategy.version <= latest) return { ok: false, latestVersion: latest };
      const record: StrategyRecord = {
        strategyId: strategy.id,
        version: strategy.version,
        name: strategy.name,
        description: strategy.description,
        definition: JSON.stringify(strategy),
        createdBy,
        createdAt: new Date(),
        ...(promotion && { promotion }),
      };
      try {
        await Strategy.create(record);
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        return { ok: false, latestVersion: await latestVersion(strategy.id) };
      }
      return { ok: true, version: versionOf(record) };
    },

    /** The highest stored version of the strategy, 0 when none is. */
    async latestVersion(strategyId: string): Promise<number> {
      await ready();
      return latestVersion(strategyId);
    },

    /** The strategy new cases start on. */
    async defaultStrategy(): Promise<Strategy> {
      await ready();
      const setting = await Setting.findOne({ key: 'default-strategy' }).lean<DefaultStrategySetting>();
      const chosen = setting && (await get(setting.strategyId, setting.version));
      if (!chosen) throw new Error('The default strategy setting points at a strategy version that is not stored');
      return chosen.strategy;
    },

    /** Makes a stored version the default; false when no such version is stored. */
    async chooseDefault(strategyId: string, version: number, chosenBy: string): Promise<boolean> {
      if (!(await get(strategyId, version))) return false;
      await Setting.updateOne({ key: 'default-strategy' }, { $set: { strategyId, version, chosenBy, chosenAt: new Date() } }, { upsert: true });
      return true;
    },
  };
}

export type StrategyStore = ReturnType<typeof strategyStore>;
