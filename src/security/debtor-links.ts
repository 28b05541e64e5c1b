// The links in messages to debtors: the self-service payment page and the one-click
// opt-out. A link names one case and nothing about the debtor: the token holds the
// case and loan ids, what the link is for, the message's channel and key, and when
// it expires, signed with HMAC-SHA256 under DEBTOR_LINK_SECRET. Anyone holding the
// link can use it, as with any unsubscribe or payment link, so it expires, and what
// it opens shows amounts and never contact details.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError, type Config } from '../config';

export const LINK_PURPOSES = ['pay', 'opt-out'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface DebtorLink {
  purpose: LinkPurpose;
  caseId: string;
  loanId: string;
  /** The channel the message went out on (an opt-out link stops that channel, or every electronic one). */
  channel?: string;
  /** The idempotency key of the message that carried the link, so an answer can be traced to it. */
  messageKey?: string;
  /** Wall-clock epoch ms after which the link is refused. */
  expiresAtMs: number;
}

/** Why a token was refused: `expired` is a genuine link that is too old; `tampered` and `malformed` are not ours. */
export type LinkRefusal = 'expired' | 'tampered' | 'malformed';

export class DebtorLinkError extends Error {
  override name = 'DebtorLinkError';
  constructor(readonly refusal: LinkRefusal) {
    super(
      refusal === 'expired'
        ? 'this link has expired'
        : refusal === 'tampered'
          ? 'this link is not valid: its signature does not match'
          : 'this link is not valid',
    );
  }
}

/** Where each kind of link points, under PUBLIC_BASE_URL. */
export const LINK_PATHS: Record<LinkPurpose, string> = { pay: '/pay', 'opt-out': '/opt-out' };

type Wire = { p: LinkPurpose; c: string; l: string; ch?: string; k?: string; e: number };

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{43}$/;

export type DebtorLinkConfig = Pick<Config, 'DEBTOR_LINK_SECRET' | 'DEBTOR_LINK_TTL' | 'PUBLIC_BASE_URL'>;

export function createDebtorLinks(config: DebtorLinkConfig) {
  const secret = config.DEBTOR_LINK_SECRET;
  if (!secret) throw new ConfigError('DEBTOR_LINK_SECRET is not set: links in messages to debtors are signed with it (at least 32 characters)');
  const baseUrl = (config.PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');
  const mac = (body: string): Buffer => createHmac('sha256', secret).update(body).digest();

  function sign(link: Omit<DebtorLink, 'expiresAtMs'> & { expiresAtMs?: number }, nowMs = Date.now()): string {
    const wire: Wire = {
      p: link.purpose,
      c: link.caseId,
      l: link.loanId,
      ...(link.channel ? { ch: link.channel } : {}),
      ...(link.messageKey ? { k: link.messageKey } : {}),
      e: link.expiresAtMs ?? nowMs + config.DEBTOR_LINK_TTL,
    };
    const body = Buffer.from(JSON.stringify(wire)).toString('base64url');
    return `${body}.${mac(body).toString('base64url')}`;
  }

  /** The link a token stands for; throws DebtorLinkError when it is malformed, not signed by us, or expired. */
  function verify(token: string, nowMs = Date.now()): DebtorLink {
    if (!TOKEN_PATTERN.test(token)) throw new DebtorLinkError('malformed');
    const [body, signature] = token.split('.');
    const expected = mac(body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new DebtorLinkError('tampered');
    let wire: Wire;
    try {
      wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Wire;
    } catch {
      throw new DebtorLinkError('malformed');
    }
    if (!LINK_PURPOSES.includes(wire.p) || typeof wire.c !== 'string' || typeof wire.l !== 'string' || typeof wire.e !== 'number') {
      throw new DebtorLinkError('malformed');
    }
    if (nowMs > wire.e) throw new DebtorLinkError('expired');
    return { purpose: wire.p, caseId: wire.c, loanId: wire.l, channel: wire.ch, messageKey: wire.k, expiresAtMs: wire.e };
  }

  /** The full URL of a link, for a message body or a List-Unsubscribe header. */
  function url(link: Omit<DebtorLink, 'expiresAtMs'> & { expiresAtMs?: number }, nowMs = Date.now()): string {
    return `${baseUrl}${LINK_PATHS[link.purpose]}/${sign(link, nowMs)}`;
  }

  return { sign, verify, url };
}

export type DebtorLinks = ReturnType<typeof createDebtorLinks>;
