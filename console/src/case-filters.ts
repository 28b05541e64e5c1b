// The case list's filters as the URL holds them, and the choices each offers.
// The choices are spelled out against the generated API types: a bucket, stage,
// segment or sort the API adds or drops breaks the console's type check.
import type { CaseListQuery } from './api/client';

type Choice<K extends keyof CaseListQuery> = NonNullable<CaseListQuery[K]>;
const choices = <T extends string>(all: Record<T, true>) => Object.keys(all) as T[];

export const BUCKET_CHOICES = choices<Choice<'bucket'>>({ M0: true, M1: true, M2: true, M3: true, M4: true, M5: true, M6: true, 'M7+': true });
export const STAGE_CHOICES = choices<Choice<'stage'>>({ monitor: true, assess: true, strategy: true, collect: true, 'follow-up': true, arrangement: true, closed: true });
export const SEGMENT_CHOICES = choices<Choice<'segment'>>({ 'low-risk': true, 'medium-risk': true, 'high-risk': true });
export const SORT_CHOICES = choices<Choice<'sort'>>({ caseId: true, '-dpd': true, dpd: true, '-balance': true, balance: true });
export const STATUS_CHOICES = choices<Choice<'status'>>({ open: true, closed: true });
/**
 * The list's status as the URL holds it: absent means open cases, the view a
 * supervisor works in, which the API serves from its in-process index of open
 * cases (about 15 ms a page at 10,000 cases, where a filter on the read model
 * reads the whole collection on FerretDB: seconds); `all` asks for closed ones too.
 */
export const STATUS_ALL = 'all';
/** The credit-card and loan schemes' classes; the API takes any name a scheme gives. */
export const CLASSIFICATION_SUGGESTIONS = ['关注', '次级', '可疑', '损失'];

/** Every filter the URL may hold, in the order the form shows them. */
export const FILTER_NAMES = [
  'status',
  'bucket',
  'stage',
  'classification',
  'segment',
  'paused',
  'strategyVersion',
  'variant',
  'agency',
  'dpdMin',
  'dpdMax',
  'balanceMin',
  'balanceMax',
  'sort',
] as const satisfies readonly (keyof CaseListQuery)[];
export type FilterName = (typeof FILTER_NAMES)[number];
export type Filters = Partial<Record<FilterName | 'cursor', string>>;

/** The filters in a URL query; anything else in it is ignored. */
export function filtersOf(query: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of [...FILTER_NAMES, 'cursor'] as const) {
    const value = query.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** The API query for these filters; the API validates them and answers 422 naming a bad one. */
export function listQueryOf(filters: Filters): CaseListQuery {
  const number = (value?: string) => (value === undefined ? undefined : Number(value));
  const status = filters.status === STATUS_ALL ? undefined : ((filters.status ?? 'open') as CaseListQuery['status']);
  return {
    ...(filters as Omit<CaseListQuery, 'dpdMin' | 'dpdMax' | 'balanceMin' | 'balanceMax' | 'limit'>),
    status,
    dpdMin: number(filters.dpdMin),
    dpdMax: number(filters.dpdMax),
    balanceMin: number(filters.balanceMin),
    balanceMax: number(filters.balanceMax),
    limit: 50,
  };
}
