// The compliance guard's public surface: evaluate a contact attempt against a rule profile.
export { evaluate, INVALID_TIME_ZONE_RULE } from './evaluate';
export { CN_NIFA, US_REG_F } from './profiles';
export {
  complianceProfileSchema,
  ComplianceProfileError,
  parseComplianceProfile,
  ruleConfigSchema,
  type ComplianceProfile,
  type RuleConfig,
  type RuleKind,
} from './profile-schema';
export {
  localDateKey,
  localDateTime,
  nextLocalDayAt,
  nextLocalTime,
  type LocalDate,
  type LocalDateTime,
} from './local-time';
export {
  CHANNELS,
  ELECTRONIC_CHANNELS,
  OPT_OUT_CHANNELS,
  OPT_OUT_METHODS,
  OPT_OUT_SCOPES,
  OUTCOMES,
  PURPOSES,
  type Channel,
  type ContactAttempt,
  type ContactHistoryEntry,
  type ContactOutcome,
  type Party,
  type Purpose,
  type Recipient,
  type Verdict,
  type ElectronicChannel,
  type OptOut,
  type OptOutChannel,
  type OptOutMethod,
  type OptOutScope,
} from './types';
