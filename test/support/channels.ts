// The channels for one test file: the sandbox providers over real HTTP on a free
// port, provider clients built from configuration that point at it, and the loan
// book entries the channels read the debtor's contact details from.
import type mongoose from 'mongoose';
import type { ActivityDependencies } from '../../src/activities';
import type { Lender } from '../../src/activities/content';
import { loadConfig } from '../../src/config';
import { loanBook, type DebtorContact } from '../../src/db/loans';
import type { Loan } from '../../src/domain';
import { createProviders, type Providers } from '../../src/integrations';
import { createDebtorLinks } from '../../src/security/debtor-links';
import type { Channel } from '../../src/integrations/contract';
import { createSandbox, type Sandbox } from '../../src/integrations/sandbox/server';
import type { SentRecord } from '../../src/integrations/sandbox/state';
import { TEST_DEBTOR_LINK_SECRET } from './api';
import { PROVIDER_KEY, sandboxControl } from './sandbox';

export const TEST_LENDER: Lender = {
  name: 'Test Lender',
  phone: '+18005550100',
  address: { lines: ['1 Test Plaza', 'New York, NY 10001'], country: 'US' },
};

/** A debtor's contact details as the loan system sends them. */
export const TEST_CONTACT: DebtorContact = { name: 'Alex Morgan', phone: '+12125550123', address: '12 Elm Street\nSpringfield, IL 62701' };

/** The same debtor reachable online too: an e-mail address, the lender's app, a messaging account. */
export const TEST_ONLINE_CONTACT: DebtorContact = { ...TEST_CONTACT, email: 'alex.morgan@example.net', appUserId: 'app-user-4711', imId: 'oWx-alex-morgan-0001' };

/** Where the debtor links in test messages point, signed under TEST_DEBTOR_LINK_SECRET. */
export const TEST_PUBLIC_BASE_URL = 'https://pay.test.example';
export const testDebtorLinks = () => createDebtorLinks({ DEBTOR_LINK_SECRET: TEST_DEBTOR_LINK_SECRET, DEBTOR_LINK_TTL: 14 * 86_400_000, PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL });

export interface TestChannels {
  sandbox: Sandbox;
  url: string;
  providers: Providers;
  /** What createActivities needs to run the channels against this sandbox. */
  dependencies(connection: mongoose.Connection, overrides?: Partial<ActivityDependencies>): ActivityDependencies;
  /** Every write the sandbox accepted on a channel, in order. */
  sent(channel: Channel): SentRecord[];
  /** The sandbox's control API: faults, agency collections. */
  control(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestChannels(): Promise<TestChannels> {
  const sandbox = createSandbox({ apiKey: PROVIDER_KEY, deliveryDelayMs: 50 });
  const running = await sandbox.start(0);
  const providers = createProviders(
    loadConfig({ SANDBOX_PORT: new URL(running.url).port, SANDBOX_SMTP_PORT: new URL(running.smtpUrl).port, PROVIDER_API_KEY: PROVIDER_KEY, PROVIDER_TIMEOUT: '2s' }),
  );
  const links = testDebtorLinks();
  return {
    sandbox,
    url: running.url,
    providers,
    dependencies: (connection, overrides = {}) => ({ connection, providers, lender: TEST_LENDER, links, ...overrides }),
    sent: (channel) => sandbox.state.sent[channel],
    control: sandboxControl(running.url),
    close: running.close,
  };
}

/** Puts the loans in the loan book with the debtor's contact details, as the loan import does. */
export async function bookLoans(connection: mongoose.Connection, loans: readonly Loan[], contact: DebtorContact = TEST_CONTACT): Promise<void> {
  await loanBook(connection).upsert(loans.map((loan) => ({ loan, contact })));
}
