import { describe, expect, it } from 'vitest';
import { DEFAULT_TASK_QUEUE } from '@loyalty/contracts';
import { loadApiConfig } from '../../src/config.js';

describe('the API configuration', () => {
  it('has defaults for everything but the keys', () => {
    const config = loadApiConfig({ LOYALTY_API_KEYS: 'k1=admin,k2=storefront' });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      taskQueue: DEFAULT_TASK_QUEUE,
      authDisabled: false,
      corsOrigins: false,
    });
    expect([...config.apiKeys]).toEqual([
      ['k1', 'admin'],
      ['k2', 'storefront'],
    ]);
  });

  it('refuses to start without keys unless auth is switched off explicitly', () => {
    expect(() => loadApiConfig({})).toThrow(/LOYALTY_API_KEYS is required/);
    expect(loadApiConfig({ LOYALTY_AUTH_DISABLED: 'true' }).authDisabled).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadApiConfig({ LOYALTY_API_KEYS: 'k1=root' })).toThrow(/LOYALTY_API_KEYS/);
    expect(() => loadApiConfig({ LOYALTY_API_KEYS: 'k1=admin', PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadApiConfig({ LOYALTY_API_KEYS: 'k1=admin', LOYALTY_AUTH_DISABLED: 'perhaps' })).toThrow(/LOYALTY_AUTH_DISABLED/);
    expect(() => loadApiConfig({ LOYALTY_API_KEYS: 'k1=admin,k1=storefront' })).toThrow(/LOYALTY_API_KEYS/);
  });

  it('enrols accounts with an expiry policy only when POINTS_EXPIRE_AFTER_DAYS is set, and checks it', () => {
    const keys = { LOYALTY_API_KEYS: 'k=admin' };
    expect(loadApiConfig(keys).pointsExpiry).toBeUndefined();
    expect(loadApiConfig({ ...keys, POINTS_EXPIRE_AFTER_DAYS: '365' }).pointsExpiry).toEqual({ afterDays: 365 });
    expect(loadApiConfig({ ...keys, POINTS_EXPIRE_AFTER_DAYS: '365', POINTS_EXPIRY_WARNING_DAYS: '30' }).pointsExpiry).toEqual({ afterDays: 365, warningDays: 30 });
    expect(() => loadApiConfig({ ...keys, POINTS_EXPIRE_AFTER_DAYS: '0' })).toThrow(/POINTS_EXPIRE_AFTER_DAYS/);
    expect(() => loadApiConfig({ ...keys, POINTS_EXPIRE_AFTER_DAYS: 'a year' })).toThrow(/POINTS_EXPIRE_AFTER_DAYS/);
    expect(() => loadApiConfig({ ...keys, POINTS_EXPIRE_AFTER_DAYS: '30', POINTS_EXPIRY_WARNING_DAYS: '30' })).toThrow(/POINTS_EXPIRY_WARNING_DAYS/);
    expect(() => loadApiConfig({ ...keys, POINTS_EXPIRY_WARNING_DAYS: '30' })).toThrow(/POINTS_EXPIRY_WARNING_DAYS needs POINTS_EXPIRE_AFTER_DAYS/);
  });

  it('reads CORS origins as none, any, or a list', () => {
    const keys = { LOYALTY_API_KEYS: 'k=admin' };
    expect(loadApiConfig({ ...keys, CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
    expect(loadApiConfig({ ...keys, CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
