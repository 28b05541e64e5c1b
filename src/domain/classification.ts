// Regulatory five-category loan classification (五级分类) by days past due, held at
// a floor while a restructured loan is observed. Schemes are data: the credit-card
// thresholds are fixed by regulation, loan thresholds vary by institution and
// product, so LOAN_SCHEME is only a default to replace.
import { z } from 'zod';
import { bandFor, DAY_MS, dueDateToMs, type DpdBand } from './delinquency';

export interface ClassificationGrade extends DpdBand {
  /** Whether a loan in this grade counts as non-performing (次级 and worse). */
  npl: boolean;
}

/** How a restructured loan is graded: at least `minimumGrade` for `observationMonths` from the restructuring. */
export interface RestructuringRule {
  /** A grade of the scheme, by name. */
  minimumGrade: string;
  observationMonths: number;
}

export interface ClassificationScheme {
  id: string;
  grades: readonly ClassificationGrade[];
  /** The floor a restructured loan is held at while it is observed; none: restructuring does not change the grade. */
  restructured?: RestructuringRule;
}

export interface Classification {
  scheme: string;
  name: string;
  npl: boolean;
  /** Why this grade, a sentence a supervisor reads as is: "DPD 45: 关注 (1–90 DPD)". Absent on views recorded before reasons were kept. */
  reason?: string;
  /** While a restructured loan is observed: the day ('YYYY-MM-DD') the observation ends, from which DPD alone grades it again. */
  observedUntil?: string;
}

/** A loan's last restructuring, and the business day ('YYYY-MM-DD', UTC) it is graded on. */
export interface RestructuringToday {
  restructuredOn?: string | null;
  today: string;
}

// The 2023 measures (商业银行金融资产风险分类办法, 国家金融监督管理总局 and 中国人民银行,
// in force 1 July 2023) keep a restructured asset at least 次级 through an observation
// period of at least one year from the restructuring; it moves up only after the
// period, and only if it performed. (The measures let an asset that was 正常 or 关注
// before it was restructured stay at 关注: a scheme for such a book sets '关注'.)
const CN_RESTRUCTURED: RestructuringRule = { minimumGrade: '次级', observationMonths: 12 };

// 正常 pass, 关注 special mention, 次级 substandard, 可疑 doubtful, 损失 loss.
export const CREDIT_CARD_SCHEME: ClassificationScheme = {
  id: 'credit-card',
  grades: [
    { name: '正常', minDpd: 0, maxDpd: 0, npl: false },
    { name: '关注', minDpd: 1, maxDpd: 90, npl: false },
    { name: '次级', minDpd: 91, maxDpd: 120, npl: true },
    { name: '可疑', minDpd: 121, maxDpd: 180, npl: true },
    { name: '损失', minDpd: 181, npl: true },
  ],
  restructured: CN_RESTRUCTURED,
};

/** A configurable default: institutions set their own loan thresholds (validate them with classificationSchemeSchema). */
export const LOAN_SCHEME: ClassificationScheme = {
  id: 'loan-default',
  grades: [
    { name: '正常', minDpd: 0, maxDpd: 0, npl: false },
    { name: '关注', minDpd: 1, maxDpd: 90, npl: false },
    { name: '次级', minDpd: 91, maxDpd: 180, npl: true },
    { name: '可疑', minDpd: 181, maxDpd: 360, npl: true },
    { name: '损失', minDpd: 361, npl: true },
  ],
  restructured: CN_RESTRUCTURED,
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The same day `months` calendar months later, or the month's last day when it has no such day (01-31 + 1 → 02-28). */
export function addMonths(isoDate: string, months: number): string {
  const start = new Date(dueDateToMs(isoDate));
  const [year, month, day] = [start.getUTCFullYear(), start.getUTCMonth() + months, start.getUTCDate()];
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDay(Date.UTC(year, month, Math.min(day, lastDay)));
}

/** The day a restructuring's observation ends: the floor holds on the days before it. */
export function observationEnd(restructuredOn: string, rule: RestructuringRule): string {
  return addMonths(restructuredOn, rule.observationMonths);
}

/** Whether a loan restructured on that day is observed on `today`: from the restructuring up to the day before the period ends. */
export function underObservation(restructuredOn: string, today: string, rule: RestructuringRule): boolean {
  return restructuredOn <= today && today < observationEnd(restructuredOn, rule);
}

/**
 * The earliest restructuring day still observed on `today`: a loan is observed
 * when restructuredOn lies between it and today, so a store can select the loans
 * under observation by a range of dates.
 */
export function observedSince(today: string, rule: RestructuringRule): string {
  // The same day `observationMonths` back ends its observation today, or earlier where
  // month ends clamp: the first day observed follows it within a few days.
  let since = addMonths(today, -rule.observationMonths);
  while (since < today && !underObservation(since, today, rule)) since = isoDay(dueDateToMs(since) + DAY_MS);
  return since;
}

/** The grade a restructured loan is held at under this scheme, if it has a rule. */
export function restructuredFloor(scheme: ClassificationScheme): ClassificationGrade | undefined {
  const rule = scheme.restructured;
  return rule && scheme.grades.find((grade) => grade.name === rule.minimumGrade);
}

/** Which loans a grade takes in: those in a DPD range, and of them the restructured ones under observation, the others, or either (undefined). */
export interface GradeCondition {
  band: DpdBand;
  observed?: boolean;
}

/**
 * The conditions under which a loan has the named grade (any one of them): its
 * DPD range, narrowed by the restructuring floor. Below the floor only loans not
 * under observation; at the floor also observed loans whose DPD alone grades them
 * lower. What a store filters a grade by, with a DPD range and a range of days.
 */
export function gradeConditions(scheme: ClassificationScheme, name: string): GradeCondition[] {
  const index = scheme.grades.findIndex((grade) => grade.name === name);
  if (index < 0) return [];
  const band = scheme.grades[index];
  const floor = restructuredFloor(scheme);
  const floorIndex = floor ? scheme.grades.indexOf(floor) : -1;
  if (!floor || index > floorIndex) return [{ band }];
  if (index < floorIndex) return [{ band, observed: false }];
  return [{ band }, ...(floor.minDpd > 0 ? [{ band: { name: `below ${floor.name}`, minDpd: 0, maxDpd: floor.minDpd - 1 }, observed: true }] : [])];
}

const dpdRange = (grade: DpdBand) =>
  grade.maxDpd === undefined ? `${grade.minDpd}+ DPD` : grade.minDpd === grade.maxDpd ? `${grade.minDpd} DPD` : `${grade.minDpd}–${grade.maxDpd} DPD`;

/**
 * The grade of a loan `dpd` days past due, with the reason for it. A restructured
 * loan under observation is graded at least the scheme's floor; after the
 * observation period its DPD alone grades it again.
 */
export function classify(dpd: number, scheme: ClassificationScheme, restructuring?: RestructuringToday): Classification {
  const byDpd = bandFor(scheme.grades, dpd);
  const dpdReason = `DPD ${dpd}: ${byDpd.name} (${dpdRange(byDpd)})`;
  const graded = (grade: ClassificationGrade, reason: string, observedUntil?: string): Classification => ({
    scheme: scheme.id,
    name: grade.name,
    npl: grade.npl,
    reason,
    ...(observedUntil !== undefined && { observedUntil }),
  });
  const rule = scheme.restructured;
  const floor = restructuredFloor(scheme);
  const restructuredOn = restructuring?.restructuredOn;
  if (!rule || !floor || !restructuredOn || restructuredOn > restructuring.today) return graded(byDpd, dpdReason);
  const until = observationEnd(restructuredOn, rule);
  if (!underObservation(restructuredOn, restructuring.today, rule)) {
    return graded(byDpd, `${dpdReason}; the restructuring on ${restructuredOn} was observed until ${until}`);
  }
  if (scheme.grades.indexOf(byDpd) >= scheme.grades.indexOf(floor)) {
    return graded(byDpd, `${dpdReason}, at or below the floor ${floor.name} of the restructuring on ${restructuredOn}, observed until ${until}`, until);
  }
  return graded(floor, `restructured on ${restructuredOn}, observed until ${until}: at least ${floor.name} (DPD ${dpd} alone gives ${byDpd.name})`, until);
}

const dpdSchema = z.number().int().nonnegative();

/**
 * Validates a configured scheme: grades must cover every DPD from 0 up, without
 * gaps or overlaps; a restructuring floor must name one of them.
 */
export const classificationSchemeSchema = z.strictObject({
  id: z.string().min(1),
  grades: z
    .array(
      z.strictObject({ name: z.string().min(1), minDpd: dpdSchema, maxDpd: dpdSchema.optional(), npl: z.boolean() }),
    )
    .min(1)
    .superRefine((grades, ctx) => {
      grades.forEach((grade, index) => {
        const expectedMin = index === 0 ? 0 : (grades[index - 1].maxDpd ?? NaN) + 1;
        if (grade.minDpd !== expectedMin) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'minDpd'],
            message: Number.isNaN(expectedMin)
              ? 'no grade may follow an open-ended grade'
              : `must be ${expectedMin} so the grades leave no gap or overlap`,
          });
        }
        if (grade.maxDpd !== undefined && grade.maxDpd < grade.minDpd) {
          ctx.addIssue({ code: 'custom', path: [index, 'maxDpd'], message: `must be at least minDpd ${grade.minDpd}` });
        }
      });
      if (grades[grades.length - 1].maxDpd !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [grades.length - 1, 'maxDpd'],
          message: 'the last grade must be open-ended so every DPD has a grade',
        });
      }
    }),
  restructured: z
    .strictObject({ minimumGrade: z.string().min(1), observationMonths: z.number().int().positive() })
    .optional(),
}).superRefine((scheme, ctx) => {
  const floor = scheme.restructured?.minimumGrade;
  if (floor !== undefined && !scheme.grades.some((grade) => grade.name === floor)) {
    ctx.addIssue({
      code: 'custom',
      path: ['restructured', 'minimumGrade'],
      message: `must name a grade of the scheme: ${scheme.grades.map((grade) => grade.name).join(', ')}`,
    });
  }
});

/** The scheme a product is graded under: credit cards by regulation, loans by the institution's default. */
export function classificationSchemeFor(product: 'credit-card' | 'loan'): ClassificationScheme {
  return product === 'credit-card' ? CREDIT_CARD_SCHEME : LOAN_SCHEME;
}

/** A scheme by the id a Classification names. */
export function classificationSchemeById(id: string): ClassificationScheme | undefined {
  return [CREDIT_CARD_SCHEME, LOAN_SCHEME].find((scheme) => scheme.id === id);
}
