// Keeps debtors' personal data (and our secrets) out of logs and error messages.
// Two nets: known PII keys are censored wherever they sit in an object, and
// strings are scrubbed of the shapes PII takes in free text (phone numbers,
// national ids, SSNs, emails), since a name can hide under any key but a phone
// number cannot hide its shape.
import { stdSerializers } from 'pino';

export const CENSORED = '[REDACTED]';

/** Keys whose values are censored at any depth; compared lower-case without '_', '-' or spaces. */
const censoredKeys = new Set([
  // debtors and their contacts
  'name', 'fullname', 'firstname', 'middlename', 'lastname', 'givenname', 'familyname', 'surname',
  'debtorname', 'contactname', 'phone', 'phonenumber', 'phones', 'mobile', 'mobilenumber', 'mobilephone',
  'cellphone', 'telephone', 'tel', 'address', 'addresses', 'addressline1', 'addressline2', 'street',
  'streetaddress', 'homeaddress', 'postaladdress', 'nationalid', 'idnumber', 'idcard', 'ssn',
  'socialsecuritynumber', 'taxid', 'passport', 'passportnumber', 'email', 'emailaddress', 'notes', 'note',
  'dateofbirth', 'dob', 'birthdate', 'bankaccount', 'iban',
  // our own secrets
  'password', 'secret', 'token', 'accesstoken', 'authorization', 'cookie', 'jwtsecret', 'apikey',
  'providerapikey', 'codeckeyring', 'arrearscodeckeys',
]);

/** Identifiers carry no PII by design (ARCHITECTURE.md) and must stay readable to correlate logs. */
const identifierKeys = new Set(['caseid', 'loanid', 'workflowid', 'runid', 'idempotencykey']);

const normalizeKey = (key: string) => key.toLowerCase().replace(/[\s_-]/g, '');

/** In order: an email or national id contains digit runs a phone pattern would half-match. */
const textPatterns: ReadonlyArray<[RegExp, string]> = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[EMAIL]'],
  // 居民身份证: region, birth date (YYYYMMDD), sequence, check digit (may be X)
  [
    /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g,
    '[NATIONAL_ID]',
  ],
  [/(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g, '[SSN]'],
  // North American: (212) 555-0100, 212-555-0100, +1 212.555.0100
  [/(?<![0-9A-Za-z])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)/g, '[PHONE]'],
  // E.164, with or without separators: +8613812345678, +44 20 7946 0958
  [/\+[1-9](?:[\s-]?\d){6,14}(?!\d)/g, '[PHONE]'],
  // Chinese mobiles: 13812345678, 138 1234 5678, 138-1234-5678
  [/(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g, '[PHONE]'],
];

/** Masks phone numbers, Chinese national ids, US SSNs and emails in free text. */
export function redactText(text: string): string {
  return textPatterns.reduce((result, [pattern, mask]) => result.replace(pattern, mask), text);
}

const MAX_DEPTH = 10;

/**
 * A copy of a value fit for a log line: PII keys censored at any depth, strings
 * scrubbed, errors serialized (message and stack scrubbed), binary data summarized.
 */
export function redactValue(value: unknown): unknown {
  return redactAt(value, new Set(), 0);
}

function redactAt(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof Error) return redactAt(stdSerializers.err(value), ancestors, depth);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return redactAt((value as { toJSON(): unknown }).toJSON(), ancestors, depth);
  }
  ancestors.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => redactAt(item, ancestors, depth + 1))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactEntry(key, item, ancestors, depth)]));
  ancestors.delete(value);
  return copy;
}

function redactEntry(key: string, item: unknown, ancestors: Set<object>, depth: number): unknown {
  const normalized = normalizeKey(key);
  if (censoredKeys.has(normalized)) return item === undefined || item === null ? item : CENSORED;
  if (identifierKeys.has(normalized) && typeof item === 'string') return item;
  return redactAt(item, ancestors, depth + 1);
}

/** A debtor's contact details as the loan book holds them (src/db/loans.ts). */
export interface ContactDetails {
  name?: string;
  phone?: string;
  address?: string;
  nationalId?: string;
  email?: string;
  emailIsWork?: boolean;
  appUserId?: string;
  imId?: string;
}

const MASK = '*';
const stars = (count: number) => MASK.repeat(Math.max(1, count));
/** Keeps the last `kept` characters and stars the rest, one star a character so lengths still tell numbers apart. */
const tail = (text: string, kept: number) => (text.length <= kept ? stars(text.length) : stars(text.length - kept) + text.slice(-kept));

/** The first three characters and at most eight stars; a shorter address is starred whole. */
const maskAddress = (characters: string[]) =>
  characters.length <= 3 ? stars(characters.length) : characters.slice(0, 3).join('') + stars(Math.min(characters.length - 3, 8));

/** The local part's first character and the domain: j*****@example.com. */
const maskEmail = (email: string) => {
  const at = email.lastIndexOf('@');
  if (at < 1) return stars(email.length);
  return email[0] + stars(Math.min(at - 1, 8)) + email.slice(at);
};

/**
 * The contact details as a case page shows them before a supervisor reveals
 * them: each name's initial, the last four digits of the phone and the id, the
 * address's first three characters. Enough to tell two debtors apart, not to
 * reach one.
 */
export function maskContact(contact: ContactDetails): ContactDetails {
  const { name, phone, address, nationalId, email, emailIsWork, appUserId, imId } = contact;
  return {
    ...(name !== undefined && { name: name.split(/(\s+)/).map((part) => (/^\s*$/.test(part) ? part : [...part][0] + stars([...part].length - 1))).join('') }),
    ...(phone !== undefined && { phone: `${phone.startsWith('+') ? '+' : ''}${tail(phone.replace(/\D/g, ''), 4)}` }),
    ...(address !== undefined && { address: maskAddress([...address]) }),
    ...(nationalId !== undefined && { nationalId: tail(nationalId, 4) }),
    ...(email !== undefined && { email: maskEmail(email) }),
    ...(emailIsWork !== undefined && { emailIsWork }),
    ...(appUserId !== undefined && { appUserId: tail(appUserId, 4) }),
    ...(imId !== undefined && { imId: tail(imId, 4) }),
  };
}
