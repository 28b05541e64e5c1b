// The compliance guard: one verdict for one proposed contact, naming the rule that decided it.
import { isValidTimeZone } from './local-time';
import type { ComplianceProfile, RuleConfig } from './profile-schema';
import { checkRule, DENY_PRECEDENCE } from './rules';
import type { ContactAttempt, ContactHistoryEntry, Verdict } from './types';

/**
 * Each round moves the attempt to the latest deferral and asks every rule again. Every deferral
 * moves time forward and the history is fixed, so real profiles settle in two or three rounds.
 */
const MAX_ROUNDS = 8;

export const INVALID_TIME_ZONE_RULE = 'guard-debtor-time-zone';

function precedence(rule: RuleConfig): number {
  const rank = DENY_PRECEDENCE.indexOf(rule.rule);
  return rank === -1 ? DENY_PRECEDENCE.length : rank;
}

/**
 * Denies are checked before deferrals, in DENY_PRECEDENCE order. A deferral is re-checked at
 * its own time, because a quiet-hours deferral can land where a call cap then applies.
 *
 * A deferral tells the caller to ask again at untilMs (history may have grown by then); if the
 * rounds run out the last candidate time is returned on the same terms.
 */
export function evaluate(
  attempt: ContactAttempt,
  history: readonly ContactHistoryEntry[],
  profile: ComplianceProfile,
): Verdict {
  if (!isValidTimeZone(attempt.debtorTimeZone)) {
    // Local-time rules cannot be checked, so nothing may be sent until the zone is fixed.
    return {
      verdict: 'deny',
      rule: INVALID_TIME_ZONE_RULE,
      reason: `unknown debtor time zone "${attempt.debtorTimeZone}"`,
    };
  }
  const rules = [...profile.rules].sort((a, b) => precedence(a) - precedence(b));

  let atMs = attempt.atMs;
  let binding: { rule: string; reason: string } | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let latest: { untilMs: number; rule: string; reason: string } | undefined;
    for (const rule of rules) {
      const outcome = checkRule(rule, { attempt, history, atMs });
      if (outcome.kind === 'deny') {
        const when = binding ? ` (at ${new Date(atMs).toISOString()}, the earliest time ${binding.rule} allows)` : '';
        return { verdict: 'deny', rule: rule.id, reason: outcome.reason + when };
      }
      if (outcome.kind === 'defer' && (!latest || outcome.untilMs > latest.untilMs)) {
        latest = { untilMs: outcome.untilMs, rule: rule.id, reason: outcome.reason };
      }
    }
    if (!latest) {
      if (!binding) return { verdict: 'allow', rule: 'all-rules-passed', rulesChecked: rules.map((r) => r.id) };
      return { verdict: 'defer', untilMs: atMs, ...binding };
    }
    // The last rule to move the time decides it; the reason keeps the whole chain for audit.
    binding = { rule: latest.rule, reason: binding ? `${binding.reason}; then ${latest.reason}` : latest.reason };
    atMs = latest.untilMs;
  }
  return { verdict: 'defer', untilMs: atMs, ...binding! };
}
