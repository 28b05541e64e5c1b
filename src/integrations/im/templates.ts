// The template messages registered on the messaging platform. As with WeChat's
// template messages, the platform holds the wording around the fields (the title
// and each keyword's label, per language) and we send the fields' values. The
// title shows in the notification, so it is neutral; the amounts are in the
// fields, which only the debtor's own chat shows.
import type { Locale } from '../../domain/loan';

export const IM_TEMPLATE_IDS = ['account-notice'] as const;
export type ImTemplateId = (typeof IM_TEMPLATE_IDS)[number];

/** The platform's language codes, WeChat-style. */
export const IM_LANGS = ['zh_CN', 'en_US'] as const;
export type ImLang = (typeof IM_LANGS)[number];
export const IM_LANG_OF: Record<Locale, ImLang> = { 'zh-CN': 'zh_CN', en: 'en_US' };

export const IM_FIELDS = ['first', 'keyword1', 'keyword2', 'keyword3', 'remark'] as const;
export type ImField = (typeof IM_FIELDS)[number];

interface ImTemplate {
  title: string;
  /** The label the platform prints before a keyword's value; first and remark have none. */
  labels: Partial<Record<ImField, string>>;
}

export const IM_TEMPLATES: Record<ImTemplateId, Record<ImLang, ImTemplate>> = {
  'account-notice': {
    zh_CN: { title: '账户通知', labels: { keyword1: '逾期金额', keyword2: '待还总额', keyword3: '最早未还到期日' } },
    en_US: { title: 'Account notice', labels: { keyword1: 'Amount past due', keyword2: 'Total balance', keyword3: 'Oldest unpaid due date' } },
  },
};

/** The message as the debtor's chat shows it: title, each field (labelled where the template labels it), and the link. */
export function renderImMessage(templateId: ImTemplateId, lang: ImLang, data: Record<ImField, { value: string }>, url: string): string {
  const { title, labels } = IM_TEMPLATES[templateId][lang];
  const separator = lang === 'zh_CN' ? '：' : ': ';
  const lines = IM_FIELDS.map((field) => (labels[field] ? `${labels[field]}${separator}${data[field].value}` : data[field].value));
  return [title, ...lines, url].join('\n');
}
