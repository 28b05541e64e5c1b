// Regulatory five-category loan classification (五级分类) by days past due. Schemes
// are data: the credit-card thresholds are fixed by regulation, loan thresholds vary
// by institution and product, so LOAN_SCHEME is only a default to replace.
import { z } from 'zod';
import { bandFor, type DpdBand } from './delinquency';

export interface ClassificationGrade extends DpdBand {
  /** Whether a loan in this grade counts as non-performing (次级 and worse). */
  npl: boolean;
}

export interface ClassificationScheme {
  id: string;
  grades: readonly ClassificationGrade[];
}

export interface Classification {
  scheme: string;
  name: string;
  npl: boolean;
}

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
};

export function classify(dpd: number, scheme: ClassificationScheme): Classification {
  const grade = bandFor(scheme.grades, dpd);
  return { scheme: scheme.id, name: grade.name, npl: grade.npl };
}

const dpdSchema = z.number().int().nonnegative();

/** Validates a configured scheme: grades must cover every DPD from 0 up, without gaps or overlaps. */
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
});

/** The scheme a product is graded under: credit cards by regulation, loans by the institution's default. */
export function classificationSchemeFor(product: 'credit-card' | 'loan'): ClassificationScheme {
  return product === 'credit-card' ? CREDIT_CARD_SCHEME : LOAN_SCHEME;
}

/** A scheme by the id a Classification names. */
export function classificationSchemeById(id: string): ClassificationScheme | undefined {
  return [CREDIT_CARD_SCHEME, LOAN_SCHEME].find((scheme) => scheme.id === id);
}
