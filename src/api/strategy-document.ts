// The strategy document as OpenAPI shows it: the domain's schema shapes, with the
// free-form JSON of action parameters named as one recursive component. The
// OpenAPI generator cannot walk an unnamed recursive schema; validation still
// runs on the domain's own strategySchema.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { actionSchema, stepSchema, strategySchema, variantSchema } from '../domain';

extendZodWithOpenApi(z);

const jsonValue = z.json().openapi('JsonValue', { description: 'Any JSON value' });
const action = z.strictObject({ ...actionSchema.shape, parameters: z.record(z.string(), jsonValue).optional() });
const step = z.strictObject({ ...stepSchema.shape, actions: z.array(action).min(1) });
const ladder = z.strictObject({ ladder: z.array(step).min(1).describe('Steps in ascending atDpd; steps at one atDpd are alternatives tried in order') });
const variant = z.strictObject({ ...variantSchema.shape, segments: z.strictObject({ 'low-risk': ladder, 'medium-risk': ladder, 'high-risk': ladder }) });

export const strategyDocumentSchema = z
  .strictObject({ ...strategySchema.shape, variants: z.array(variant).min(1) })
  .openapi('Strategy', { description: 'A versioned collection strategy; see src/domain/strategy-schema.ts for the rules checked on top of this shape' });
