export * from './names.js';
export * from './tiers.js';
export * from './limits.js';
export * from './rewards.js';
export * from './failures.js';
export * from './schemas.js';
export * from './messages.js';
export * from './search-attributes.js';
