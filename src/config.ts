// The one place that reads the environment. Every entry point (worker, API,
// start script, CLI, tests) calls loadConfig(); a bad or missing value stops
// start-up with a message naming the variable and what it expects.
import { z } from 'zod';

const durationPattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "24h", "2s", "500ms", "1.5m" into milliseconds. */
export function parseDurationMs(text: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration such as 24h, 90s or 500ms`);
  return Number(match[1]) * unitMs[match[2]];
}

const duration = z
  .string()
  .regex(durationPattern, 'a duration such as 24h, 90s or 500ms')
  .transform(parseDurationMs)
  .refine((ms) => ms > 0, 'a duration greater than zero');

const port = z.coerce.number().int().min(0).max(65535);
const optionalUrl = z.url().optional();

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'host:port').default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('arrears-cases'),
    TEMPORAL_UI_PORT: port.default(8233),

    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'a MongoDB connection string (mongodb://…)')
      .default('mongodb://127.0.0.1:27017/arrears'),

    API_PORT: port.default(3000),
    API_HOST: z.string().min(1).default('127.0.0.1'),

    /** Business day length: 24h in production; shorter in demos and simulations. */
    ARREARS_DAY_LENGTH: duration.default(parseDurationMs('24h')),
    /** Origin of business time, ISO-8601; the moment business time and wall time agree. */
    ARREARS_TIME_ORIGIN: z.iso.datetime({ offset: true }).optional(),

    SANDBOX_PORT: port.default(4010),
    SMS_PROVIDER_URL: optionalUrl,
    LETTER_PROVIDER_URL: optionalUrl,
    AGENCY_PROVIDER_URL: optionalUrl,
    COURT_PROVIDER_URL: optionalUrl,
    PROVIDER_API_KEY: z.string().min(1).default('sandbox-key'),
    PROVIDER_TIMEOUT: duration.default(parseDurationMs('10s')),
  })
  .strip();

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the given environment (process.env by default) into a typed Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
