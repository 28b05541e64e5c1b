// The one place that reads the environment. Every entry point (worker, API,
// start script, CLI, tests) calls loadConfig(); a bad or missing value stops
// start-up with a message naming the variable and what it expects.
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_CONTACT_COSTS } from './domain/experiments';

/** The project folder: a relative ARREARS_DATA_DIR is taken from here, as `npm start` runs here. */
const PROJECT_ROOT = path.resolve(__dirname, '..');
const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017/arrears';

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

/** AES-256 keys by id: new payloads use the active key; older ids stay for decoding. */
export interface CodecKeyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

const codecKeyId = /^[A-Za-z0-9._-]+$/;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** "id:base64key,id:base64key" → keys by id; never echoes key material in messages. */
const codecKeys = z.string().transform((text, ctx) => {
  const keys = new Map<string, Buffer>();
  const entries = text.split(',').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const [id, encoded] = [entry.slice(0, colon), entry.slice(colon + 1)];
    const key = Buffer.from(encoded, 'base64');
    let problem: string | undefined;
    if (colon < 0 || !codecKeyId.test(id))
      problem = `entry ${index + 1} is not id:base64key (id of letters, digits, '.', '_', '-')`;
    else if (!base64.test(encoded) || key.length !== 32)
      problem = `key "${id}" must be 32 bytes in base64 (e.g. openssl rand -base64 32)`;
    else if (keys.has(id)) problem = `key id "${id}" appears twice`;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    keys.set(id, key);
  }
  return keys;
});

/** "sms=5,letter=120" → costs in minor units by channel, over the defaults. */
const contactCosts = z.string().transform((text, ctx) => {
  const costs: Record<string, number> = { ...DEFAULT_CONTACT_COSTS.perContact };
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z-]+)=(\d+)$/.exec(entry);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not channel=cost in minor units, e.g. sms=5` });
      return z.NEVER;
    }
    costs[match[1]] = Number(match[2]);
  }
  return costs;
});

const variables = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json for log collectors; pretty for a person at a terminal (`npm start` picks it when its output is one). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),

  /**
   * embedded: `npm start` runs FerretDB and the Temporal dev server itself, where
   * MONGODB_URI and TEMPORAL_ADDRESS say. external: it runs only the worker and
   * the API, against the services those two variables name (both required).
   */
  ARREARS_MODE: z.enum(['embedded', 'external']).default('embedded'),
  /** Where the embedded mode keeps its databases and secrets; relative to the project folder. */
  ARREARS_DATA_DIR: z
    .string()
    .min(1)
    .default('.data')
    .transform((dir) => path.resolve(PROJECT_ROOT, dir)),

  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('arrears-cases'),
  TEMPORAL_UI_PORT: port.default(8233),
  /**
   * Activities a case worker runs at once (the SDK's default, 100, when unset).
   * The embedded mode sets EMBEDDED_ACTIVITY_SLOTS: FerretDB on SQLite answers
   * "database is locked" when a hundred writers contend.
   */
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().positive().optional(),
  /**
   * Workflows a case worker keeps in its cache (sticky execution). A parked case
   * needs no cache: when it wakes, the worker replays its history. Bounds the
   * worker's memory however many cases are open: a cached case holds about 4 MB
   * (bench scale: 4.4 GB at 1,000, 1.55 GB at 200, parking as fast).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().nonnegative().default(200),
  /**
   * The V8 heap limit, in MB, that npm start and start:cluster give a case
   * worker's process (--max-old-space-size). Node's default here is about 4 GB,
   * and a busy worker holds its garbage up to near that: 1.3 to 2.1 GB resident
   * while parking cases, against 0.9 to 1.2 GB for a worker beside it capped at
   * 1,024 MB, taking the same work (probe of 2026-11-30, 11,000 cases). The cache
   * of 200 cases fits in it.
   */
  WORKER_HEAP_MB: z.coerce.number().int().min(256).default(1024),
  /**
   * A case workflow bundle built ahead (writeCaseWorkflowBundle), which worker.ts
   * loads instead of bundling src/workflows at start (about 30 s of CPU): the
   * cluster mode bundles once for its three workers, and a deployment can ship
   * the bundle it tested. Unset: the worker bundles.
   */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /**
   * Where GET /v1/cases and the counts read from. store: the read model's queries,
   * index-backed on MongoDB. index: an in-process index of the open cases, loaded
   * from the read model at start and kept current from Temporal visibility; for a
   * store that cannot sort or range from an index, as the embedded FerretDB.
   */
  CASE_LIST_SOURCE: z.enum(['store', 'index']).default('store'),

  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'a MongoDB connection string (mongodb://…)')
    .optional(),

  API_PORT: port.default(3000),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Requests per minute one client address may make to /v1. */
  API_RATE_LIMIT: z.coerce.number().int().positive().default(1200),
  /** Largest JSON body accepted, e.g. 1mb; bulk imports stream and are not bound by it. */
  API_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'a size such as 512kb or 1mb').default('1mb'),
  /** When the portfolio sweep runs: a cron expression (e.g. "0 6 * * *"), else every ARREARS_SWEEP_EVERY. */
  ARREARS_SWEEP_CRON: z.string().min(1).optional(),
  /** Interval of the portfolio sweep when no cron is set; one business day by default. */
  ARREARS_SWEEP_EVERY: duration.optional(),

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
  /** Where the agency posts the collections it reports (the API's callback route); unset, nothing is posted back. */
  AGENCY_CALLBACK_URL: optionalUrl,

  /** The lender as debtors and courts see it: the name on messages and letters, the number to call, the claimant's address. */
  LENDER_NAME: z.string().min(1).max(200).default('Arrears Demo Lender'),
  LENDER_PHONE: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number such as +18005550100').default('+18005550100'),
  /** Address lines separated by "|", e.g. "1 Main Street|New York, NY 10001". */
  LENDER_ADDRESS: z
    .string()
    .min(1)
    .default('1 Demo Plaza|New York, NY 10001')
    .transform((text) => text.split('|').map((line) => line.trim()).filter(Boolean))
    .refine((lines) => lines.length >= 1 && lines.length <= 6, 'one to six address lines separated by "|"'),
  LENDER_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as US').default('US'),

  /**
   * Signs the links in messages to debtors (the payment page, one-click opt-out): an HMAC
   * secret of at least 32 characters. `npm start` makes one in the embedded mode.
   */
  DEBTOR_LINK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** How long a payment or opt-out link in a message stays valid, e.g. 14d. */
  DEBTOR_LINK_TTL: duration.default(14 * 86_400_000),
  /** The origin debtors reach the API at, for the links in messages; by default http://<API_HOST>:<API_PORT>. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Payload encryption keyring, comma-separated id:base64key pairs (32-byte keys). */
  ARREARS_CODEC_KEYS: codecKeys.optional(),
  /** The keyring id that encrypts new payloads. */
  ARREARS_CODEC_ACTIVE_KEY: z.string().min(1).optional(),
  /** Bearer tokens for the API and codec server: an HS256 secret, or an identity provider's JWKS. */
  JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  JWT_JWKS_URL: optionalUrl,
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** The token claim that holds the roles; a dotted path reaches into an object (Keycloak: realm_access.roles). */
  JWT_ROLES_CLAIM: z.string().regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a claim name, or a dotted path such as realm_access.roles').default('roles'),
  /**
   * The console's production sign-in: OIDC authorization code with PKCE against this issuer
   * (discovered at <issuer>/.well-known/openid-configuration). The API exchanges the code.
   */
  OIDC_ISSUER_URL: optionalUrl,
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Set for a confidential client (client_secret_basic at the token endpoint); unset, a public client with PKCE. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The callback registered with the provider; by default <the origin the browser used>/v1/session/oidc/callback. */
  OIDC_REDIRECT_URI: optionalUrl,
  OIDC_SCOPES: z.string().regex(/^\S+( \S+)*$/, 'scopes separated by single spaces').default('openid profile'),
  /** What the sign-in page calls the provider ("Sign in with …"); by default the issuer's host. */
  OIDC_PROVIDER_NAME: z.string().min(1).max(80).optional(),
  CODEC_SERVER_PORT: port.default(8888),
  CODEC_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  /** The browser origin of the Temporal UI, allowed to call the codec server; by default the local UI on TEMPORAL_UI_PORT. */
  TEMPORAL_UI_ORIGIN: z
    .url()
    .transform((url) => new URL(url).origin)
    .optional(),
  /** What a contact costs in the experiments report, in minor units per channel: "sms=5,letter=120,…"; a channel left out keeps its default. */
  CONTACT_COSTS: contactCosts.default(DEFAULT_CONTACT_COSTS.perContact),
  /** The share (0 to 1) of what an agency collects that it keeps as commission. */
  AGENCY_COMMISSION: z.coerce.number().min(0).max(1).default(DEFAULT_CONTACT_COSTS.agencyCommission),
  /** Cases each arm of an experiment needs before the report tests a challenger against the champion. */
  EXPERIMENT_MIN_ARM: z.coerce.number().int().positive().default(30),
  /**
   * The SMTP relay e-mails to debtors go through, smtp://user:pass@host:587 or smtps://…:465;
   * unset, the sandbox's SMTP server on 127.0.0.1:SANDBOX_SMTP_PORT (refused in production).
   */
  EMAIL_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The address e-mails to debtors come from, shown under LENDER_NAME; its domain names their Message-IDs. */
  EMAIL_FROM: z.email().default('collections@arrears.example'),
  /** Where the sandbox's SMTP server listens on 127.0.0.1 (npm start, and EMAIL_SMTP_URL left unset). */
  SANDBOX_SMTP_PORT: port.default(2525),
  /** The lender's push gateway for app messages; unset, the sandbox's /push. */
  PUSH_PROVIDER_URL: optionalUrl,
  /** The messaging platform's template-message API; unset, the sandbox's /im. */
  IM_PROVIDER_URL: optionalUrl,
  /** The payment provider the debtor's payment page charges through; unset, the sandbox's /payments (refused in production). */
  PAYMENT_PROVIDER_URL: optionalUrl,
});

/** Case worker activity slots against the embedded FerretDB (npm start, the benchmark). */
export const EMBEDDED_ACTIVITY_SLOTS = 16;

/** Every environment variable arrears reads. */
export const CONFIG_VARIABLES = Object.keys(variables.shape);

const schema = variables
  .strip()
  .superRefine(({ ARREARS_CODEC_KEYS: keys, ARREARS_CODEC_ACTIVE_KEY: activeKeyId, ...config }, ctx) => {
    const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    // The local defaults would quietly point an external deployment at this machine.
    if (config.ARREARS_MODE === 'external') {
      if (!config.TEMPORAL_ADDRESS) issue('TEMPORAL_ADDRESS', 'required with ARREARS_MODE=external: host:port of the Temporal frontend');
      if (!config.MONGODB_URI) issue('MONGODB_URI', 'required with ARREARS_MODE=external: the MongoDB connection string');
    }
    if (config.OIDC_ISSUER_URL) {
      if (!config.OIDC_CLIENT_ID) issue('OIDC_CLIENT_ID', 'required with OIDC_ISSUER_URL: the client id registered with the provider');
      if (!config.JWT_JWKS_URL) issue('JWT_JWKS_URL', "required with OIDC_ISSUER_URL: the provider's JWKS, which verifies the tokens it issues");
      if (config.OIDC_ISSUER_URL.includes('?') || config.OIDC_ISSUER_URL.includes('#')) issue('OIDC_ISSUER_URL', 'an issuer URL without a query or fragment');
    }
    if (keys && !activeKeyId) issue('ARREARS_CODEC_ACTIVE_KEY', 'required with ARREARS_CODEC_KEYS: id of the new key');
    if (activeKeyId && !keys) issue('ARREARS_CODEC_KEYS', 'required with ARREARS_CODEC_ACTIVE_KEY: id:base64key pairs');
    if (keys && activeKeyId && !keys.has(activeKeyId)) {
      const ids = [...keys.keys()].join(', ');
      issue('ARREARS_CODEC_ACTIVE_KEY', `"${activeKeyId}" is not a key id in ARREARS_CODEC_KEYS (${ids})`);
    }
  })
  .transform(({ ARREARS_CODEC_KEYS: keys, ARREARS_CODEC_ACTIVE_KEY: activeKeyId, ...config }) => ({
    ...config,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS ?? DEFAULT_TEMPORAL_ADDRESS,
    MONGODB_URI: config.MONGODB_URI ?? DEFAULT_MONGODB_URI,
    TEMPORAL_UI_ORIGIN: config.TEMPORAL_UI_ORIGIN ?? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
    PUBLIC_BASE_URL: config.PUBLIC_BASE_URL ?? `http://${config.API_HOST}:${config.API_PORT}`,
    codecKeyring: keys && activeKeyId ? ({ activeKeyId, keys } satisfies CodecKeyring) : undefined,
  }));

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the given environment (process.env by default) into a typed Config;
 * `fallback` fills the variables the environment leaves unset (the embedded
 * mode's kept secrets).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, fallback: Record<string, string> = {}): Config {
  const present = Object.fromEntries(
    Object.entries(fillUnset(env, fallback)).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The environment with `values` for the variables it leaves unset or empty: what is set always wins. */
export function fillUnset(env: NodeJS.ProcessEnv, values: Record<string, string>): NodeJS.ProcessEnv {
  const filled = { ...env };
  for (const [name, value] of Object.entries(values)) if (!filled[name]) filled[name] = value;
  return filled;
}
