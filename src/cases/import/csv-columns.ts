// The CSV import format: one row per loan, a header row naming the columns (any
// order). The installment schedule is one column, `seq:dueDate:amountDue:amountPaid`
// entries separated by ';', e.g. `1:2025-01-15:100000:100000;2:2025-02-15:100000:0`.
// Amounts are integer minor units. Empty optional cells are absent values.
export const REQUIRED_COLUMNS = [
  'loanId',
  'currency',
  'principal',
  'outstanding',
  'product',
  'debtorRef',
  'timeZone',
  'country',
  'locale',
  'installments',
] as const;

export const OPTIONAL_COLUMNS = [
  'lastPaymentDate',
  'priorDelinquencies',
  'limitationDate',
  'contactName',
  'contactPhone',
  'contactAddress',
  'contactNationalId',
  'restructuredOn',
  'contactEmail',
  'contactEmailIsWork',
  'contactAppUserId',
  'contactImId',
] as const;

const KNOWN_COLUMNS = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

export const CSV_FORMAT_DESCRIPTION =
  `CSV: a header row, then one row per loan. Required columns: ${REQUIRED_COLUMNS.join(', ')}. ` +
  `Optional: ${OPTIONAL_COLUMNS.join(', ')}. \`contactEmailIsWork\` is true or false. \`installments\` holds the schedule as ` +
  '`seq:dueDate:amountDue:amountPaid` entries separated by `;` (amounts in integer minor units), e.g. ' +
  '`1:2025-01-15:100000:100000;2:2025-02-15:100000:0`. The contact* columns are the debtor\'s personal data: ' +
  'stored in the loan book, never sent to a case.';

export class CsvHeaderError extends Error {
  override name = 'CsvHeaderError';
  readonly code = 'IMPORT_HEADER_INVALID';
}

/** Checks the header row; unknown or missing columns stop the import before any row is written. */
export function checkHeader(header: string[]): string[] {
  const problems: string[] = [];
  const unknown = header.filter((column) => !KNOWN_COLUMNS.has(column));
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  if (missing.length) problems.push(`missing columns ${missing.join(', ')}`);
  if (unknown.length) problems.push(`unknown columns ${unknown.join(', ')}`);
  if (repeated.length) problems.push(`repeated columns ${[...new Set(repeated)].join(', ')}`);
  if (problems.length) throw new CsvHeaderError(`The CSV header has ${problems.join('; ')}`);
  return header;
}

/** Whole numbers become numbers; anything else stays text for validation to name. */
const integer = (cell: string): number | string => (/^-?\d{1,15}$/.test(cell) ? Number(cell) : cell);

/** true and false become booleans; anything else stays text for validation to name. */
const boolean = (cell: string | undefined): boolean | string | undefined => (cell === 'true' ? true : cell === 'false' ? false : cell);

function installments(cell: string): unknown[] {
  return cell
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const parts = entry.split(':');
      if (parts.length !== 4) return entry;
      const [seq, dueDate, amountDue, amountPaid] = parts;
      return { seq: integer(seq), dueDate, amountDue: integer(amountDue), amountPaid: integer(amountPaid) };
    });
}

/** A CSV record as the shape the PUT body has ({loan, contact}), still unvalidated. */
export function entryFromCsv(record: Record<string, string>): unknown {
  const cell = (column: string) => (record[column] === '' ? undefined : record[column]);
  const optionalInteger = (column: string) => (cell(column) === undefined ? undefined : integer(cell(column)!));
  const contact = {
    name: cell('contactName'),
    phone: cell('contactPhone'),
    address: cell('contactAddress'),
    nationalId: cell('contactNationalId'),
    email: cell('contactEmail'),
    emailIsWork: boolean(cell('contactEmailIsWork')),
    appUserId: cell('contactAppUserId'),
    imId: cell('contactImId'),
  };
  const hasContact = Object.values(contact).some((value) => value !== undefined);
  return {
    loan: {
      loanId: cell('loanId'),
      currency: cell('currency'),
      principal: optionalInteger('principal'),
      outstanding: optionalInteger('outstanding'),
      installments: installments(record.installments ?? ''),
      debtor: { debtorRef: cell('debtorRef'), timeZone: cell('timeZone'), country: cell('country'), locale: cell('locale') },
      product: cell('product'),
      lastPaymentDate: cell('lastPaymentDate'),
      priorDelinquencies: optionalInteger('priorDelinquencies'),
      limitationDate: cell('limitationDate'),
      restructuredOn: cell('restructuredOn'),
    },
    ...(hasContact ? { contact } : {}),
  };
}
