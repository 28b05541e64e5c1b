// The domain's public API: pure, deterministic code shared by workflows, activities and the API.
export * from './loan';
export * from './delinquency';
export * from './classification';
export * from './scorecard';
export * from './strategy-schema';
export * from './default-strategy';
export * from './variant-assignment';
export * from './holds';
export * from './decision';
export * from './business-time';
export * from './actions';
export * from './overdue-reasons';
export * from './case-contract';
export * from './case-commands';
export * from './sweep';
export * from './debtor-replies';
