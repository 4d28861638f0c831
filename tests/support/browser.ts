import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_INSTALL = 'sudo apt-get install chromium';

/**
 * Fails the browser tests with one line naming the missing browser and how to install it, rather
 * than playwright's launch error (or a skip, which would let a machine without it pass).
 */
export function assertChromium(path = CHROMIUM): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    const error = new Error(
      `chromium is missing: the browser tests need it at ${path}; install it with \`${CHROMIUM_INSTALL}\` (Debian) or set CHROMIUM_PATH`,
    );
    error.stack = error.message;
    throw error;
  }
}

/** Debian's chromium, headless, with nothing reaching out to the network on its own. */
export function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch a fresh profile (its own --user-data-dir) and removes it on close.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'shenbao-chromium-')) },
  });
}

/** A browser context signed in through the pages' own sign-in (the local picker of seeded users). */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  username: string,
  options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
) {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.viewport ?? { width: 1200, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/ui/signin`);
  await page.check(`#user-${username}`);
  await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/signin')), page.click('main button[type=submit]')]);
  return { context, page };
}

/** Reloads a page until a selector shows up (the workflow moves on after the page's request returns). */
export async function untilShown(page: Page, url: string, selector: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    if ((await page.locator(selector).count()) > 0) return page.locator(selector).first();
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${selector} on ${url}`);
    await page.waitForTimeout(250);
  }
}

/** Every visible form control has a label (or an aria-label), and the page does not scroll sideways. */
export async function checkAccessible(page: Page) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => (el as HTMLInputElement).type !== 'hidden')
      .filter((el) => !((el as HTMLInputElement).labels?.length || el.getAttribute('aria-label')))
      .map((el) => el.outerHTML),
  );
  expect(unlabelled, `unlabelled controls on ${page.url()}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

export async function closeAll(contexts: BrowserContext[]) {
  await Promise.all(contexts.map((c) => c.close()));
}
