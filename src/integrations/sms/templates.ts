// The SMS templates registered with the provider. Chinese providers only send
// pre-approved templates, so a message is a template id plus variables; the
// provider (and the sandbox) fills the {{variables}}. Amounts and dates arrive
// already formatted for the locale.
import type { Locale } from '../../domain/loan';

export const SMS_TEMPLATE_IDS = ['reminder', 'overdue-notice', 'promise-confirmation', 'final-notice', 'plan-offer'] as const;
export type SmsTemplateId = (typeof SMS_TEMPLATE_IDS)[number];
export type SmsVariables = Record<string, string | number>;

/**
 * A collection message says what is past due ({{pastDueAmount}}, unpaid since the
 * oldest unpaid due date {{dueDate}}) and the whole balance ({{balance}}) apart:
 * the balance is not what is late, and a payment past its due date is not "due".
 * A promise confirmation quotes the promised {{amount}}.
 */
export const SMS_TEMPLATES: Record<SmsTemplateId, Record<Locale, string>> = {
  reminder: {
    'zh-CN': '【{{creditor}}】{{name}}您好，您于{{dueDate}}到期的还款已逾期，逾期金额{{pastDueAmount}}，待还总额{{balance}}，请尽快还款。回复TD退订',
    en: '{{creditor}}: Hi {{name}}, your payment due on {{dueDate}} is past due. Amount past due: {{pastDueAmount}}. Total balance: {{balance}}. Please pay soon. Reply STOP to opt out.',
  },
  'overdue-notice': {
    'zh-CN':
      '【{{creditor}}】{{name}}您好，您于{{dueDate}}到期的还款已逾期{{daysPastDue}}天，逾期金额{{pastDueAmount}}，待还总额{{balance}}，请尽快还款，如有疑问请致电{{phone}}。回复TD退订',
    en: '{{creditor}}: {{name}}, your payment due on {{dueDate}} is {{overdueFor}} past due. Amount past due: {{pastDueAmount}}. Total balance: {{balance}}. Please pay now or call {{phone}}. Reply STOP to opt out.',
  },
  'promise-confirmation': {
    'zh-CN': '【{{creditor}}】{{name}}您好，已记录您承诺于{{promiseDate}}前还款{{amount}}，感谢您的配合。回复TD退订',
    en: '{{creditor}}: Thank you, {{name}}. We have noted your promise to pay {{amount}} by {{promiseDate}}. Reply STOP to opt out.',
  },
  'final-notice': {
    'zh-CN':
      '【{{creditor}}】最后通知：{{name}}您好，您于{{dueDate}}到期的还款已逾期{{daysPastDue}}天，逾期金额{{pastDueAmount}}，待还总额{{balance}}，请于{{deadline}}前归还逾期款项，如有疑问请致电{{phone}}。回复TD退订',
    en: '{{creditor}}: Final notice. {{name}}, your payment due on {{dueDate}} is {{overdueFor}} past due. Amount past due: {{pastDueAmount}}. Total balance: {{balance}}. Please pay the amount past due by {{deadline}} or call {{phone}}. Reply STOP to opt out.',
  },
  // For a debtor who told us of hardship: a way out before the account goes further in collection.
  'plan-offer': {
    'zh-CN':
      '【{{creditor}}】{{name}}您好，了解到您目前还款有困难。您的逾期金额为{{pastDueAmount}}，我们可以为您提供分期还款方案，请致电{{phone}}与我们协商。回复TD退订',
    en: '{{creditor}}: {{name}}, we understand paying is hard for you right now. {{pastDueAmount}} is past due, and we can offer you a repayment plan in installments. Call {{phone}} to agree one with us. Reply STOP to opt out.',
  },
};

export class TemplateError extends Error {
  override name = 'TemplateError';
  readonly code = 'TEMPLATE_VARIABLE_MISSING';
}

const placeholder = /\{\{(\w+)\}\}/g;

/** Fills the template; names every missing variable rather than sending "{{amount}}" to a debtor. */
export function renderSms(templateId: SmsTemplateId, locale: Locale, variables: SmsVariables): string {
  const text = SMS_TEMPLATES[templateId][locale];
  const missing = [...new Set([...text.matchAll(placeholder)].map((match) => match[1]))].filter(
    (name) => !Object.hasOwn(variables, name),
  );
  if (missing.length > 0) {
    throw new TemplateError(`SMS template ${templateId} (${locale}) needs variables: ${missing.join(', ')}`);
  }
  return text.replace(placeholder, (_match, name: string) => String(variables[name]));
}
