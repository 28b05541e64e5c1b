import { ApplicationFailure } from '@temporalio/common';
import { createLogger, temporalLogger } from '../../src/logger';
import { redactText } from '../../src/security/redact';

const pii = {
  name: 'Li Lei',
  cnName: '韩梅梅',
  cnMobile: '13812345678',
  e164: '+8613987654321',
  usPhone: '(212) 555-0100',
  nationalId: '11010519491231002X',
  ssn: '123-45-6789',
  email: 'li.lei@example.com',
  address: '88 Jianguo Road, Chaoyang',
};

function capturedLogger(bindings = { caseId: 'case-L1001', loanId: 'L1001' }, format: 'json' | 'pretty' = 'json') {
  const lines: string[] = [];
  const logger = createLogger({ LOG_LEVEL: 'trace', LOG_FORMAT: format }, bindings, { write: (line: string) => void lines.push(line) });
  // Colours (where the terminal has them) are not part of what is asserted.
  return { logger, output: () => lines.join('').replace(/\x1b\[[0-9;]*m/g, '') };
}

const expectNoPii = (output: string) => {
  for (const value of Object.values(pii)) expect(output).not.toContain(value);
  expect(output).not.toContain('13812345678'.slice(3)); // no partial leak of the mobile either
};

test('objects, messages and bindings are logged without personal data, with caseId and loanId', () => {
  const { logger, output } = capturedLogger();
  logger.info(
    {
      debtor: { name: pii.name, phone: pii.cnMobile, address: pii.address },
      contacts: [{ fullName: pii.cnName, phoneNumber: pii.e164, relation: 'spouse' }],
      attempt: { outcome: `voicemail left on ${pii.usPhone}` },
    },
    `called ${pii.cnMobile}, id ${pii.nationalId}, ssn ${pii.ssn}, mail ${pii.email}, then %s`,
    pii.e164,
  );

  const line = JSON.parse(output());
  expectNoPii(output());
  expect(line).toMatchObject({ caseId: 'case-L1001', loanId: 'L1001' });
  expect(line.debtor).toEqual({ name: '[REDACTED]', phone: '[REDACTED]', address: '[REDACTED]' });
  expect(line.contacts[0].relation).toBe('spouse');
  expect(line.msg).toBe('called [PHONE], id [NATIONAL_ID], ssn [SSN], mail [EMAIL], then [PHONE]');
});

test('error messages, causes and stacks are scrubbed, also when the error is the message', () => {
  const { logger, output } = capturedLogger();
  const cause = new Error(`provider refused ${pii.e164}`);
  logger.error(new Error(`no answer at ${pii.cnMobile} for ${pii.email}`, { cause }));
  logger.error({ err: ApplicationFailure.create({ message: `id ${pii.nationalId} mismatch` }) });
  const letter = { address: pii.address, reference: `call ${pii.usPhone}` };
  logger.warn({ err: new Error(`ssn ${pii.ssn}`) }, 'letter for %o failed', letter);
  expectNoPii(output());
  expect(output()).toContain('no answer at [PHONE] for [EMAIL]');
});

test('the Temporal SDK logs through the same redaction', () => {
  const { logger, output } = capturedLogger();
  temporalLogger(logger).error('Activity failed', {
    workflowId: 'case-L1001',
    activityType: 'sendSms',
    error: new Error(`invalid number ${pii.cnMobile}`),
  });
  expectNoPii(output());
  expect(JSON.parse(output())).toMatchObject({ level: 50, workflowId: 'case-L1001', msg: 'Activity failed' });
});

test.each([
  ['13812345678', '[PHONE]'],
  ['138 1234 5678', '[PHONE]'],
  ['+86 138-1234-5678', '[PHONE]'],
  ['+1 (212) 555-0100', '[PHONE]'],
  ['212.555.0100', '[PHONE]'],
  ['+44 20 7946 0958', '[PHONE]'],
  ['110105194912310021', '[NATIONAL_ID]'],
  ['11010519491231002x', '[NATIONAL_ID]'],
  ['078-05-1120', '[SSN]'],
  ['a.b+c@mail.example.cn', '[EMAIL]'],
])('redactText masks %s', (value, mask) => {
  expect(redactText(`see ${value}.`)).toBe(`see ${mask}.`);
});

test.each([
  '2024-05-01T08:00:00.000Z',
  'case-L2024-000123',
  'took 1795888497724 ms',
  '123e4567-e89b-12d3-a456-426614174000',
  'amount 138123.45 CNY, DPD 91',
])('redactText leaves %s alone', (value) => {
  expect(redactText(value)).toBe(value);
});

test('readable (pretty) logs carry the same redaction, level names and caseId/loanId', () => {
  const { logger, output } = capturedLogger(undefined, 'pretty');
  logger.info({ debtor: { name: pii.name, phone: pii.cnMobile }, attempt: { outcome: `left on ${pii.usPhone}` } }, `called ${pii.cnMobile}`);
  logger.error(new Error(`no answer at ${pii.e164} for ${pii.email}`, { cause: new Error(`id ${pii.nationalId}`) }));
  temporalLogger(logger).warn('Activity failed', { workflowId: 'case-L1001', error: new Error(`ssn ${pii.ssn}`), debtor: { address: pii.address } });

  expectNoPii(output());
  expect(() => JSON.parse(output().split('\n')[0])).toThrow();
  expect(output()).toMatch(/INFO.*called \[PHONE\]/);
  expect(output()).toMatch(/ERROR.*no answer at \[PHONE\] for \[EMAIL\]/);
  expect(output()).toMatch(/WARN.*Activity failed/);
  expect(output()).toContain('caseId: "case-L1001"');
  expect(output()).toContain('loanId: "L1001"');
});
