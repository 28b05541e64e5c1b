import { renderSms, SMS_TEMPLATE_IDS, SMS_TEMPLATES, TemplateError } from '../../src/integrations/sms/templates';

const variables = {
  creditor: 'Example Bank',
  name: 'Alex',
  amount: '$120.00',
  dueDate: 'March 5',
  daysPastDue: 12,
  phone: '+1 800 555 0100',
  promiseDate: 'March 20',
  deadline: 'April 1',
};

test('renders a reminder in English', () => {
  expect(renderSms('reminder', 'en', variables)).toBe(
    'Example Bank: Hi Alex, your payment of $120.00 is due on March 5. Reply STOP to opt out.',
  );
});

test('renders an overdue notice in Chinese, numbers included', () => {
  expect(renderSms('overdue-notice', 'zh-CN', { ...variables, creditor: '示例银行', name: '张三', amount: '¥1,200.00' })).toBe(
    '【示例银行】张三您好，您的借款已逾期12天，应还¥1,200.00，请尽快还款，如有疑问请致电+1 800 555 0100。回复TD退订',
  );
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
