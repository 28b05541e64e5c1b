// Business time. One configurable day length lets a simulation run a 180-day case
// in minutes on a real server: business time runs faster than wall (workflow) time
// from a fixed origin, and everything reads business time (DPD, due dates, promise
// dates, the guard's local hour). With the default 24 h day it equals wall time.
import { DAY_MS } from './delinquency';

export interface BusinessClock {
  /** Epoch ms where business time and wall time agree. */
  originMs: number;
  /** Wall-clock length of one business day in ms (DAY_MS in production). */
  dayLengthMs: number;
}

export const REAL_TIME: BusinessClock = { originMs: 0, dayLengthMs: DAY_MS };

/** business = origin + (wall − origin) × 24 h / day length */
export function businessTime(clock: BusinessClock, wallMs: number): number {
  return clock.originMs + Math.round(((wallMs - clock.originMs) * DAY_MS) / clock.dayLengthMs);
}

/** The wall-clock wait until business time reaches targetMs (0 when it already has). */
export function wallDelayUntil(clock: BusinessClock, wallNowMs: number, targetBusinessMs: number): number {
  const businessNow = businessTime(clock, wallNowMs);
  return Math.max(0, Math.ceil(((targetBusinessMs - businessNow) * clock.dayLengthMs) / DAY_MS));
}
