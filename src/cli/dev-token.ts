// Prints a development bearer token for the roles given (all roles by default):
//   npm run dev-token -- supervisor agent
// Signed with JWT_SECRET; refused when NODE_ENV=production.
import { loadConfig } from '../config';
import { ROLES, isRole, signDevToken } from '../api/auth';

async function printDevToken(args: string[]): Promise<void> {
  const unknown = args.filter((arg) => !isRole(arg));
  if (unknown.length > 0) throw new Error(`Unknown role ${unknown.join(', ')}: roles are ${ROLES.join(', ')}`);
  const roles = args.length > 0 ? args.filter(isRole) : [...ROLES];
  const token = await signDevToken(loadConfig(), { sub: `dev-${roles.join('-')}`, roles, expiresIn: '8h' });
  process.stdout.write(`${token}\n`);
}

printDevToken(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
