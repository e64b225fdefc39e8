// Swagger UI as a developer meets it: Debian's Chromium, headless, opens /docs on the real HTTP
// server, shows every operation of the document, and authorizes with an API key.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, unreachableTemporal, type HttpClient } from '../support/system.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = fileURLToPath(new URL('../../../../test-results/', import.meta.url));

let api: HttpClient & { close(): Promise<void> };
let temporal: Awaited<ReturnType<typeof unreachableTemporal>>;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  // The documentation needs no Temporal: serve it in front of one that is not there.
  temporal = await unreachableTemporal();
  api = await startApi({ client: temporal.client, taskQueue: 'docs-only' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await temporal?.close();
});

describe('Swagger UI at /docs', () => {
  it('shows every operation of /openapi.json and lets a developer authorize', async () => {
    const document = (await api.request('GET', '/openapi.json', { as: 'none' })).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operationIds = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    expect(operationIds.length).toBeGreaterThanOrEqual(15);

    const page = await browser.newPage();
    const failedRequests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${api.baseUrl}/docs`, { waitUntil: 'networkidle' });
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });

    const shown = await page.locator('.opblock').evaluateAll((blocks) => blocks.map((block) => block.id));
    for (const operationId of operationIds) {
      expect(shown.some((id) => id.endsWith(`-${operationId}`)), operationId).toBe(true);
    }
    expect(await page.locator('.opblock-summary-path', { hasText: '/customers/{customerId}/points' }).count()).toBe(1);

    await page.locator('button.authorize').first().click();
    await page.locator('#auth-bearer-value').fill('dev-admin-key');
    await page.locator('.modal-ux button.authorize').click();
    await expect.poll(() => page.locator('.modal-ux h6', { hasText: 'Authorized' }).count()).toBe(1);
    expect(await page.locator('.modal-ux button', { hasText: 'Logout' }).count()).toBe(1);

    mkdirSync(screenshots, { recursive: true });
    await page.locator('.modal-ux button.close-modal').click();
    await page.screenshot({ path: `${screenshots}/swagger-ui.png`, fullPage: false });
    // Swagger UI serves its own assets: nothing is fetched from elsewhere.
    expect(failedRequests).toEqual([]);
    // Nothing the page needs is blocked, by the security headers (CSP) included.
    expect(consoleErrors).toEqual([]);
  });
});
