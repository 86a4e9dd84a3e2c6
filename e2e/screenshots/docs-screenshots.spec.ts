import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const password = 'screenshots of a throwaway database';
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

/** A new account that has studied a few cards and run the gradient-flow experiment, so every page has something to show. */
async function studiedAccount(browser: Browser): Promise<string> {
  const email = `screenshots.${Date.now()}@example.com`;
  const context = await browser.newContext();
  const page = await context.newPage();
  expect((await page.request.post('/api/v1/auth/sign-up', { data: { email, password, displayName: 'Ada' } })).status()).toBe(201);
  await page.goto('/study');
  for (let i = 0; i < 8; i++) {
    const id = await page.locator('article.card').getAttribute('data-card-id');
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.getByRole('group', { name: 'Rate your recall' }).getByRole('button', { name: i % 3 === 0 ? /Again/ : /Good/ }).click();
    await expect(page.locator('article.card')).not.toHaveAttribute('data-card-id', id!);
    await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');
  }
  await context.close();
  return email;
}

async function signIn(page: Page, email: string) {
  expect((await page.request.post('/api/v1/auth/sign-in', { data: { email, password } })).status()).toBe(200);
}

test('screenshots of /study, the deck browser, /stats, /settings and /lab at 390 and 1280 px, in English and Chinese, light and dark', async ({ browser }) => {
  mkdirSync(OUT, { recursive: true });
  const email = await studiedAccount(browser);
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const locale of ['en', 'zh']) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport, locale: locale === 'zh' ? 'zh-CN' : 'en-US', colorScheme, ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
        const page = await context.newPage();
        await signIn(page, email);
        const shot = async (name: string) => {
          await page.waitForLoadState('networkidle');
          await page.screenshot({ path: join(OUT, `${name}-${size}-${locale}-${colorScheme}.png`) });
        };
        await page.goto('/study');
        await page.locator('article.card').waitFor();
        await page.getByRole('button', { name: /Show answer|显示答案/ }).click();
        await page.getByRole('group', { name: /Rate your recall|评价/ }).waitFor();
        await shot('study');
        await page.goto('/decks');
        await page.getByRole('link', { name: /^(Browse|浏览)/ }).first().click();
        await page.locator('.browse-row').first().waitFor({ timeout: 30_000 });
        await shot('deck-browser');
        await page.goto('/stats');
        await page.locator('main h1').waitFor();
        await shot('stats');
        await page.goto('/settings');
        await page.locator('main h1').waitFor();
        await shot('settings');
        await page.goto('/lab/gradient-flow');
        // The default parameters: the server trained them at start-up, so this is its cached result.
        await page.getByRole('button', { name: /^(Run|运行)$/ }).click();
        await page.getByTestId('lab-run').locator('.chart').first().waitFor({ timeout: 300_000 });
        await page.getByTestId('lab-run').first().scrollIntoViewIfNeeded();
        await shot('lab');
        await context.close();
      }
    }
  }
});
