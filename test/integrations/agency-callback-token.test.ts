// The sandbox agency posts its collection reports as the agency each placement
// names: the arrears API lets an agency report only on its own placements.
import { AgencyHttpClient } from '../../src/integrations/agency/client';
import type { AgencyPlacementRequest } from '../../src/integrations/agency/types';
import { createSandbox } from '../../src/integrations/sandbox/server';
import { startCallbackReceiver, waitFor } from './harness';
import { PROVIDER_KEY } from '../support/sandbox';

test("each placement's collections are posted with a token for the placement's agency", async () => {
  const signed: string[] = [];
  const sandbox = createSandbox({
    apiKey: PROVIDER_KEY,
    callbackToken: 'a-token-for-no-agency',
    agencyToken: async (agency) => {
      signed.push(agency);
      return `token-for-${agency}`;
    },
  });
  const running = await sandbox.start(0);
  const receiver = await startCallbackReceiver();
  try {
    const agency = new AgencyHttpClient({ baseUrl: `${running.url}/agency`, apiKey: PROVIDER_KEY, timeoutMs: 2000 });
    const placement = (placementRef: string, name: string): AgencyPlacementRequest => ({
      idempotencyKey: `case-L1:${placementRef}`,
      placementRef,
      agency: name,
      loanId: 'L1',
      debtor: { name: '张三', phone: '+8613800138000', address: { lines: ['北京市朝阳区建国路1号'], country: 'CN' } },
      balance: 1_200_000,
      currency: 'CNY',
      dpd: 95,
      callbackUrl: receiver.url,
    });
    await agency.place(placement('P-A', 'Acme Collections'));
    await agency.place(placement('P-B', 'Recovery Partners'));

    for (const [placementRef, reference] of [['P-A', 'A-1'], ['P-B', 'B-1']]) {
      const reported = await fetch(`${running.url}/_control/agency/collections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ placementRef, amount: 10_000, date: '2025-03-10', reference }),
      });
      expect(reported.status).toBe(201);
    }
    await waitFor(() => (receiver.received.length === 2 ? true : undefined));
    const byPlacement = Object.fromEntries(receiver.received.map((body, i) => [(body as { placementRef: string }).placementRef, receiver.authorizations[i]]));
    expect(byPlacement).toEqual({ 'P-A': 'Bearer token-for-Acme Collections', 'P-B': 'Bearer token-for-Recovery Partners' });
    expect(signed.sort()).toEqual(['Acme Collections', 'Recovery Partners']);
  } finally {
    await receiver.close();
    await running.close();
  }
});
