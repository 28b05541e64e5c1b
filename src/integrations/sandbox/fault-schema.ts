// What a test or the bench may ask the sandbox to fail, and how: the control
// API's body for POST /_control/faults.
import { z } from 'zod';
import { CHANNELS } from '../contract';

export const FAULT_MODES = ['5xx', '429', 'timeout', '4xx-invalid-number', '4xx', 'accept-then-5xx'] as const;

export const faultSchema = z.strictObject({
  channel: z.enum(CHANNELS).refine((channel) => channel !== 'email', 'e-mail speaks SMTP: arm a refusal with POST /_control/email/bounces'),
  /**
   * 'timeout' holds the request for holdMs, then drops the connection;
   * 'accept-then-5xx' performs the write, then answers 500 as if it had failed.
   */
  mode: z.enum(FAULT_MODES),
  times: z.number().int().positive().default(1),
  /** Only requests whose body has this `to` (SMS recipient). */
  match: z.strictObject({ to: z.string() }).optional(),
  /** Longer than any client timeout we configure (PROVIDER_TIMEOUT defaults to 10s). */
  holdMs: z.number().int().positive().max(600_000).default(60_000),
});
export type Fault = z.output<typeof faultSchema>;
