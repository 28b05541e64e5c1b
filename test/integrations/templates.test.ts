import { renderSms, SMS_TEMPLATE_IDS, SMS_TEMPLATES, TemplateError } from '../../src/integrations/sms/templates';

const variables = {
  creditor: 'Example Bank',
  name: 'Alex',
  pastDueAmount: '$120.00',
  balance: '$2,400.00',
  amount: '$300.00',
  dueDate: 'Mar 5, 2027',
  daysPastDue: 12,
  overdueFor: '12 days',
  phone: '+1 800 555 0100',
  promiseDate: 'Mar 20, 2027',
  deadline: 'Apr 1, 2027',
};

const chinese = { ...variables, creditor: '示例银行', name: '张三', pastDueAmount: '¥1,200.00', balance: '¥24,000.00', dueDate: '2027年3月5日', deadline: '2027年4月1日' };

test('the reminder in English says the payment is past due, the amount past due and the balance apart', () => {
  expect(renderSms('reminder', 'en', variables)).toBe(
    'Example Bank: Hi Alex, your payment due on Mar 5, 2027 is past due. Amount past due: $120.00. Total balance: $2,400.00. Please pay soon. Reply STOP to opt out.',
  );
});

test('the reminder in Chinese says the payment is past due, the amount past due and the balance apart', () => {
  expect(renderSms('reminder', 'zh-CN', chinese)).toBe(
    '【示例银行】张三您好，您于2027年3月5日到期的还款已逾期，逾期金额¥1,200.00，待还总额¥24,000.00，请尽快还款。回复TD退订',
  );
});

test('the overdue notice quotes the amount past due, not the balance, as what is late, in both locales', () => {
  expect(renderSms('overdue-notice', 'en', variables)).toBe(
    'Example Bank: Alex, your payment due on Mar 5, 2027 is 12 days past due. Amount past due: $120.00. Total balance: $2,400.00. Please pay now or call +1 800 555 0100. Reply STOP to opt out.',
  );
  expect(renderSms('overdue-notice', 'zh-CN', chinese)).toBe(
    '【示例银行】张三您好，您于2027年3月5日到期的还款已逾期12天，逾期金额¥1,200.00，待还总额¥24,000.00，请尽快还款，如有疑问请致电+1 800 555 0100。回复TD退订',
  );
});

test('the final notice asks for the amount past due by the deadline and states the balance apart, in both locales', () => {
  expect(renderSms('final-notice', 'en', variables)).toBe(
    'Example Bank: Final notice. Alex, your payment due on Mar 5, 2027 is 12 days past due. Amount past due: $120.00. Total balance: $2,400.00. Please pay the amount past due by Apr 1, 2027 or call +1 800 555 0100. Reply STOP to opt out.',
  );
  expect(renderSms('final-notice', 'zh-CN', chinese)).toBe(
    '【示例银行】最后通知：张三您好，您于2027年3月5日到期的还款已逾期12天，逾期金额¥1,200.00，待还总额¥24,000.00，请于2027年4月1日前归还逾期款项，如有疑问请致电+1 800 555 0100。回复TD退订',
  );
});

test('no template calls a past-due payment "due on" or quotes one amount for both what is late and what is owed', () => {
  for (const templateId of ['reminder', 'overdue-notice', 'final-notice'] as const) {
    expect(SMS_TEMPLATES[templateId].en).not.toMatch(/is due on/);
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(SMS_TEMPLATES[templateId][locale]).toContain('{{pastDueAmount}}');
      expect(SMS_TEMPLATES[templateId][locale]).toContain('{{balance}}');
      expect(SMS_TEMPLATES[templateId][locale]).toContain('{{dueDate}}');
    }
  }
});

test('every template in both locales renders completely with the variables it needs', () => {
  for (const templateId of SMS_TEMPLATE_IDS) {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(SMS_TEMPLATES[templateId][locale]).toContain('{{');
      expect(renderSms(templateId, locale, variables)).not.toMatch(/\{\{|\}\}/);
    }
  }
});

test('a missing variable fails with every missing name, and no values', () => {
  const render = () => renderSms('promise-confirmation', 'en', { creditor: 'Example Bank', name: 'Alex' });

  expect(render).toThrow(TemplateError);
  expect(render).toThrow('SMS template promise-confirmation (en) needs variables: amount, promiseDate');
});

test('one day past due reads "1 day", not "1 days"', () => {
  expect(renderSms('overdue-notice', 'en', { ...variables, daysPastDue: 1, overdueFor: '1 day' })).toContain('is 1 day past due.');
});
