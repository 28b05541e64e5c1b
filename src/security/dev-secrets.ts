// The embedded mode's secrets (payload keyring, JWT secret) and business time
// origin: `npm start` makes them once and keeps them in ARREARS_DATA_DIR, so a
// restart still decrypts earlier histories, accepts earlier tokens and agrees on
// the business day, and the CLI signs tokens the running API accepts. Values
// already in the environment win over the kept ones.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { generateKeyringEnv } from './codec';

export type DevelopmentSecrets = Record<string, string>;

/** Secrets added after the first data directories were made; each is a random 32-byte string. */
const NEWER_SECRETS = ['DEBTOR_LINK_SECRET'] as const;

const randomSecret = (): string => randomBytes(32).toString('base64url');

export const developmentSecretsFile = (dataDir: string): string => path.join(dataDir, 'dev-secrets.json');

/** The kept secrets, or undefined when `npm start` has not made them in this data directory yet. */
export async function readDevelopmentSecrets(dataDir: string): Promise<DevelopmentSecrets | undefined> {
  const file = developmentSecretsFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as DevelopmentSecrets;
  } catch {
    // Never quote the file: it holds keys.
    throw new Error(`${file} is not valid JSON: remove it to have npm start make new development secrets`);
  }
}

/** The kept secrets; made and kept (readable by this user only) the first time. */
export async function ensureDevelopmentSecrets(dataDir: string): Promise<DevelopmentSecrets> {
  const kept = await readDevelopmentSecrets(dataDir);
  // A data directory made by an earlier version lacks the secrets added since: they are added, the kept ones stay.
  if (kept && NEWER_SECRETS.every((name) => kept[name])) return kept;
  // The time origin only matters with a short ARREARS_DAY_LENGTH; fixing it once
  // keeps business time continuous across restarts.
  const secrets = kept
    ? { ...kept, ...Object.fromEntries(NEWER_SECRETS.filter((name) => !kept[name]).map((name) => [name, randomSecret()])) }
    : {
        ...generateKeyringEnv(),
        JWT_SECRET: randomSecret(),
        DEBTOR_LINK_SECRET: randomSecret(),
        ARREARS_TIME_ORIGIN: new Date().toISOString(),
      };
  await mkdir(dataDir, { recursive: true });
  await writeFile(developmentSecretsFile(dataDir), JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * The configuration a tool beside the embedded stack (the CLI) needs: the
 * environment (process.env by default), with the kept secrets for what it leaves
 * unset. In the external mode the kept secrets are not used.
 */
export async function loadDevelopmentConfig(env?: NodeJS.ProcessEnv): Promise<Config> {
  const config = loadConfig(env);
  if (config.ARREARS_MODE !== 'embedded') return config;
  const secrets = await readDevelopmentSecrets(config.ARREARS_DATA_DIR);
  return secrets ? loadConfig(env, secrets) : config;
}
