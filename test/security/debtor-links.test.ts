import { ConfigError } from '../../src/config';
import { createDebtorLinks, DebtorLinkError } from '../../src/security/debtor-links';

const config = { DEBTOR_LINK_SECRET: 'a-secret-for-debtor-links-0123456789', DEBTOR_LINK_TTL: 60_000, PUBLIC_BASE_URL: 'https://pay.example.com/' };
const links = createDebtorLinks(config);
const NOW = Date.UTC(2026, 10, 30, 9, 0);

function refusal(token: string, nowMs = NOW): string | undefined {
  try {
    links.verify(token, nowMs);
    return undefined;
  } catch (error) {
    return error instanceof DebtorLinkError ? error.refusal : String(error);
  }
}

describe('debtor links', () => {
  test('a signed link verifies to what was signed, and expires after the TTL', () => {
    const token = links.sign({ purpose: 'pay', caseId: 'case-L1', loanId: 'L1', channel: 'email', messageKey: 'case-L1:3' }, NOW);
    expect(links.verify(token, NOW + 59_000)).toEqual({
      purpose: 'pay', caseId: 'case-L1', loanId: 'L1', channel: 'email', messageKey: 'case-L1:3', expiresAtMs: NOW + 60_000,
    });
    expect(refusal(token, NOW + 60_001)).toBe('expired');
  });

  test('a changed body or signature, or another secret, is refused as tampered', () => {
    const token = links.sign({ purpose: 'opt-out', caseId: 'case-L1', loanId: 'L1', channel: 'sms' }, NOW);
    const [body, signature] = token.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('case-L1', 'case-L2')).toString('base64url');
    expect(refusal(`${forged}.${signature}`)).toBe('tampered');
    expect(refusal(`${body}.${signature.slice(0, -2)}AA`)).toBe('tampered');
    const other = createDebtorLinks({ ...config, DEBTOR_LINK_SECRET: 'another-secret-for-debtor-links-98765' });
    expect(refusal(other.sign({ purpose: 'pay', caseId: 'case-L1', loanId: 'L1' }, NOW))).toBe('tampered');
  });

  test('garbage is refused as malformed', () => {
    expect(refusal('')).toBe('malformed');
    expect(refusal('not-a-token')).toBe('malformed');
    expect(refusal('a.b')).toBe('malformed');
  });

  test('a URL holds the purpose and the token under the public base URL, and no contact details', () => {
    const url = links.url({ purpose: 'pay', caseId: 'case-L1', loanId: 'L1' }, NOW);
    expect(url).toMatch(/^https:\/\/pay\.example\.com\/pay\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(links.url({ purpose: 'opt-out', caseId: 'case-L1', loanId: 'L1', channel: 'email' }, NOW)).toMatch(/^https:\/\/pay\.example\.com\/opt-out\//);
  });

  test('without a secret nothing is signed', () => {
    expect(() => createDebtorLinks({ ...config, DEBTOR_LINK_SECRET: undefined })).toThrow(ConfigError);
  });
});
