import { ConfigError, type Config } from '../config';
import { DAY_MS, type BusinessClock } from '../domain';

/**
 * The business clock new cases are pinned to. With the normal 24 h day business
 * time is wall time; a shorter day needs a fixed origin, so that every case, and a
 * restart, agree on what day it is.
 */
export function businessClock(config: Pick<Config, 'ARREARS_DAY_LENGTH' | 'ARREARS_TIME_ORIGIN'>): BusinessClock {
  const dayLengthMs = config.ARREARS_DAY_LENGTH;
  if (config.ARREARS_TIME_ORIGIN) return { originMs: Date.parse(config.ARREARS_TIME_ORIGIN), dayLengthMs };
  if (dayLengthMs === DAY_MS) return { originMs: 0, dayLengthMs };
  throw new ConfigError(
    `ARREARS_TIME_ORIGIN: required when ARREARS_DAY_LENGTH is not 24h (an ISO-8601 instant such as ${new Date(0).toISOString()})`,
  );
}
