// The scripts agents read: the task's template in the debtor's language, with
// what is past due on the day it is read; a US debtor hears the FDCPA disclosure;
// a template without a script of its own gets its channel's; a channel no agent
// works has none.
import { callScriptFor } from '../../src/cases/call-scripts';
import type { TaskRecord } from '../../src/db/tasks';
import { DAY_MS } from '../../src/domain';
import { overdueLoan, usLoan } from '../support/loans';

const NOW = Date.parse('2026-11-30T15:00:00Z');
const task = (channel: string, template?: string): TaskRecord => ({
  _id: 'case-s:1',
  taskId: 'case-s:1',
  caseId: 'case-s',
  loanId: 's',
  debtorRef: 'debtor-s',
  step: 'dpd30-second-demand',
  channel,
  kind: 'contact',
  queue: 'senior',
  ...(template && { template }),
  status: 'open',
  dueAt: new Date(NOW - DAY_MS),
  createdAt: new Date(NOW - DAY_MS),
});

test("a call to a US debtor: English, the debtor's name, the disclosure, what is past due since when and the balance", () => {
  const loan = usLoan({ loanId: 's', nowMs: NOW, daysPastDue: 32, outstanding: 250_000 });
  const script = callScriptFor(task('phone', 'senior-collector-call'), loan, { name: 'Jane Roe' }, 'Demo Lender', NOW)!;
  expect(script).toMatchObject({ template: 'senior-collector-call', locale: 'en' });
  const text = script.paragraphs.join('\n');
  expect(text).toContain('Hello, may I speak with Jane Roe?');
  expect(text).toContain('calling from Demo Lender');
  expect(text).toContain('This is an attempt to collect a debt, and any information obtained will be used for that purpose.');
  expect(text).toContain('Your account is 32 days past due: $1,000.00 has been unpaid since Oct 29, 2026, and the balance is $2,500.00.');
});

test('a Chinese debtor hears it in Chinese, without the US disclosure; a template without its own script gets its channel\'s', () => {
  const loan = overdueLoan({ loanId: 's', nowMs: NOW, daysPastDue: 3 });
  const script = callScriptFor(task('phone', 'new-campaign-call'), loan, { name: '王芳' }, 'Demo Lender', NOW)!;
  expect(script).toMatchObject({ template: 'phone', locale: 'zh-CN' });
  const text = script.paragraphs.join('\n');
  expect(text).toContain('请问是王芳本人吗');
  expect(text).toContain('¥1,000.00未还');
  expect(text).not.toContain('债务催收');
});

test('a field visit has no phone greeting; a channel no agent works has no script', () => {
  const loan = overdueLoan({ loanId: 's', nowMs: NOW, daysPastDue: 65 });
  const visit = callScriptFor(task('field-visit', 'field-visit'), loan, { name: '王芳' }, 'Demo Lender', NOW)!;
  expect(visit.template).toBe('field-visit');
  expect(visit.paragraphs[0]).toBe('出示工作证件，只与债务人本人私下谈论欠款。');
  expect(callScriptFor(task('legal-review'), loan, {}, 'Demo Lender', NOW)).toBeNull();
});
