export * from './environment.js';
export * from './logger.js';
export * from './temporal.js';
export * from './main.js';
