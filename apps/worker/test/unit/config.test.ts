// The worker's webhook settings from its environment: production defaults, and shorter ones for tests.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../src/activities/index.js';
import { loadWorkerEnvironment, webhookSettingsFrom } from '../../src/config.js';

describe('webhook settings', () => {
  it('default to retries from 5 s, doubling up to every 10 minutes, for 3 days', () => {
    expect(webhookSettingsFrom(loadWorkerEnvironment({}))).toEqual(DEFAULT_WEBHOOK_SETTINGS);
    expect(DEFAULT_WEBHOOK_SETTINGS.retry).toEqual({
      initialIntervalMs: 5_000,
      maximumIntervalMs: 600_000,
      giveUpAfterMs: 3 * 24 * 3_600_000,
      attemptTimeoutMs: 15_000,
    });
  });

  it('take shorter retries from the environment, never a maximum below the first interval', () => {
    const settings = webhookSettingsFrom(
      loadWorkerEnvironment({ WEBHOOK_RETRY_INITIAL_INTERVAL_MS: '2000', WEBHOOK_RETRY_MAXIMUM_INTERVAL_MS: '500', WEBHOOK_GIVE_UP_AFTER_MS: '60000' }),
    );
    expect(settings.retry).toMatchObject({ initialIntervalMs: 2_000, maximumIntervalMs: 2_000, giveUpAfterMs: 60_000 });
  });

  it('refuses the single-URL webhook notifier, which signed webhooks replace', () => {
    expect(() => loadWorkerEnvironment({ LOYALTY_NOTIFIER: 'webhook' })).toThrow(/LOYALTY_NOTIFIER/);
  });
});

describe('attempts of a delivery', () => {
  it('are as many as the doubling backoff fits in the give-up time', async () => {
    const { attemptsWithin } = await import('../../src/workflows/webhook-delivery.js');
    expect(attemptsWithin({ initialIntervalMs: 1_000, maximumIntervalMs: 4_000, giveUpAfterMs: 15_000, attemptTimeoutMs: 1 })).toBe(6); // 1+2+4+4+4
    expect(attemptsWithin({ initialIntervalMs: 1_000, maximumIntervalMs: 4_000, giveUpAfterMs: 500, attemptTimeoutMs: 1 })).toBe(1);
    // The production defaults: about three days of attempts, every ten minutes once backed off.
    expect(attemptsWithin(DEFAULT_WEBHOOK_SETTINGS.retry)).toBeGreaterThan(400);
  });
});
