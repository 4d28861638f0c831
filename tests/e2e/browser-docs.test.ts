import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Runtime } from '../../local/runtime';
import { launchChromium } from '../support/browser';
import { startTestRuntime } from '../support/runtime';

/** /docs in Chromium with every request to anything but this machine refused, as with no internet. */
let runtime: Runtime;
let browser: Browser;
beforeAll(async () => {
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

it('renders the API operations offline', async () => {
  const context = await browser.newContext();
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    refused.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  await page.goto(`${runtime.url}/docs`);
  await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  const operations = await page.locator('.opblock-summary-path').allTextContents();
  expect(operations).toEqual(expect.arrayContaining(['/calls', '/declarations/{id}', '/ready']));
  expect(operations.length).toBeGreaterThan(20);
  expect(refused).toEqual([]);
  await context.close();
}, 90_000);
