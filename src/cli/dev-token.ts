// Prints a development bearer token for the roles given (all roles by default):
//   npm run dev-token -- supervisor agent
// Signed with JWT_SECRET, or in the embedded mode with the one `npm start` keeps
// in ARREARS_DATA_DIR; refused when NODE_ENV=production.
import { ConfigError } from '../config';
import { ROLES, isRole, signDevToken } from '../security/auth';
import { developmentSecretsFile, loadDevelopmentConfig } from '../security/dev-secrets';

async function printDevToken(args: string[]): Promise<void> {
  const unknown = args.filter((arg) => !isRole(arg));
  if (unknown.length > 0) throw new Error(`Unknown role ${unknown.join(', ')}: roles are ${ROLES.join(', ')}`);
  const roles = args.length > 0 ? args.filter(isRole) : [...ROLES];
  const config = await loadDevelopmentConfig();
  if (!config.JWT_SECRET && config.ARREARS_MODE === 'embedded' && config.NODE_ENV !== 'production') {
    const file = developmentSecretsFile(config.ARREARS_DATA_DIR);
    throw new ConfigError(`JWT_SECRET is not set and ${file} holds none: run npm start once to make it, or set JWT_SECRET`);
  }
  const token = await signDevToken(config, { sub: `dev-${roles.join('-')}`, roles, expiresIn: '8h' });
  process.stdout.write(`${token}\n`);
}

printDevToken(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
