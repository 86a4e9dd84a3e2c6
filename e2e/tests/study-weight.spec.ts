import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

/**
 * The JavaScript /study loads until its first card is up, measured as the browser receives it: every script response,
 * gzipped here at level 6 (what a compressing proxy sends). Printed so the number lands in the test output; the charting
 * (ECharts) and maths (KaTeX) code must not be among it for a card that has neither.
 */
async function studyScripts(page: Page) {
  const scripts: { url: string; body: Buffer }[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push({ url: response.url(), body: await response.body().catch(() => Buffer.alloc(0)) });
  });
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();
  await page.waitForLoadState('networkidle');
  return scripts;
}

test('/study loads no charting or maths code for a plain card, and its JavaScript weight is printed', async ({ page }) => {
  test.slow();
  const scripts = await studyScripts(page);
  const raw = scripts.reduce((s, x) => s + x.body.length, 0);
  const gz = scripts.reduce((s, x) => s + gzipSync(x.body, { level: 6 }).length, 0);
  console.log(`/study JavaScript to the first card: ${scripts.length} files, ${(raw / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzipped`);

  const card = page.locator('article.card');
  // The first card of the built-in deck is plain text: no chart, no maths.
  await expect(card.locator('.chart')).toHaveCount(0);
  await expect(card.locator('.katex')).toHaveCount(0);
  const loaded = (marker: string) => scripts.filter((s) => s.body.includes(marker)).map((s) => s.url);
  expect(loaded('ECharts'), 'ECharts on a card without a chart').toEqual([]);
  expect(loaded('KaTeX parse error'), 'KaTeX on a card without maths').toEqual([]);
  // The message catalogues come with the page (its language only), not in the JavaScript: a settings message is not
  // in any script, in either language.
  expect(loaded('FSRS parameters: fitted to your reviews'), 'the English catalogue in the JavaScript').toEqual([]);
  expect(loaded('排程（FSRS）'), 'the Chinese catalogue in the JavaScript').toEqual([]);
  // The budget (the study issue): at most 200 kB gzipped to the first card.
  expect(gz).toBeLessThanOrEqual(200 * 1024);
});

test('the first card comes with the page, and a click on Show answer made as soon as it is on (cold) reveals it; the time is printed, not judged', async ({ browser, baseURL }) => {
  // A cold browser: a new context has an empty cache. The times run from the start of the navigation.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  expect((await page.request.post('/api/v1/auth/guest')).status()).toBe(201);
  // The server renders the card (no round trip after the page's JavaScript has run) ...
  const html = await (await page.request.get('/study')).text();
  expect(html).toMatch(/<article class="card"[^>]* data-card-id="[^"]+"/);
  // ... and its Show answer button is off until that JavaScript runs, so the first click that can happen works.
  await page.goto('/study', { waitUntil: 'commit' });
  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect(page.getByRole('group', { name: 'Rate your recall' })).toBeVisible();
  const revealed = await page.evaluate(() => performance.now());
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  console.log(`/study cold: first contentful paint (the card) ${paint.toFixed(0)} ms, revealed by the first click that could work at ${revealed.toFixed(0)} ms`);
  await context.close();
});
