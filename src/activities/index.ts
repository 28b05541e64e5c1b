// Every activity the worker registers, built over the dependencies they share.
import type mongoose from 'mongoose';
import type { Config } from '../config';
import { createProviders, type Providers } from '../integrations';
import { createDebtorLinks, type DebtorLinks } from '../security/debtor-links';
import { createCaseRecordActivities } from './case-records';
import { createChannelActivities } from './channels';
import { allHeartbeating } from './heartbeat';
import { regimeForCountry, type ComplianceRegime } from './compliance';
import type { Lender } from './content';
import { createStackCheckActivities } from './stack-check';

export interface ActivityDependencies {
  connection: mongoose.Connection;
  providers: Providers;
  lender: Lender;
  /** Signs the payment and opt-out links in electronic messages (DEBTOR_LINK_SECRET). */
  links: DebtorLinks;
  /** Where the agency posts the collections it reports; unset, nothing is posted back. */
  agencyCallbackUrl?: string;
  /** The compliance profile a debtor's country falls under; CN → NIFA, any other → Regulation F by default. */
  complianceRegime?: (country: string) => ComplianceRegime;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createStackCheckActivities(deps.connection),
    ...allHeartbeating({
      ...createCaseRecordActivities(deps.connection),
      ...createChannelActivities({ ...deps, complianceRegime: deps.complianceRegime ?? regimeForCountry }),
    }),
  };
}

/**
 * The dependencies from configuration, for the worker and the benchmarks. Without
 * DEBTOR_LINK_SECRET the worker does not start: an e-mail, push or IM message
 * without its payment and opt-out links may not go out.
 */
export function activityDependencies(config: Config, connection: mongoose.Connection): ActivityDependencies {
  return {
    connection,
    providers: createProviders(config),
    lender: { name: config.LENDER_NAME, phone: config.LENDER_PHONE, address: { lines: config.LENDER_ADDRESS, country: config.LENDER_COUNTRY } },
    links: createDebtorLinks(config),
    agencyCallbackUrl: config.AGENCY_CALLBACK_URL,
  };
}

export type Activities = ReturnType<typeof createActivities>;
