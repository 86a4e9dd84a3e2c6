import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** Shows the answer of whatever card is up (a card graded on the server is checked with nothing answered). */
async function reveal(page: Page) {
  await expect(page.locator('article.card')).toBeVisible();
  // A click that lands before the page has hydrated does nothing: click again until the answer side shows.
  const ratings = page.getByRole('group', { name: 'Rate your recall' });
  await expect(async () => {
    if (!(await ratings.isVisible())) await page.getByRole('button', { name: /Show answer/ }).click({ timeout: 2_000 });
    await expect(ratings).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** axe-core on the page as it is now; only serious and critical violations fail the test. */
async function expectNoSeriousViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, what).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe-core, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('no serious or critical violation on /study, card front and revealed', async ({ page }) => {
      test.slow();
      await page.goto('/study');
      await page.getByRole('button', { name: 'Start as guest' }).click();
      await expect(page.locator('article.card')).toBeVisible();
      await expectNoSeriousViolations(page, '/study, card front');
      await reveal(page);
      await expectNoSeriousViolations(page, '/study, card revealed');
    });

    for (const path of ['/decks', '/lab', '/lab/gradient-flow', '/stats', '/settings']) {
      test(`no serious or critical violation on ${path}`, async ({ page }) => {
        test.slow();
        await page.goto('/study');
        await page.getByRole('button', { name: 'Start as guest' }).click();
        await expect(page.locator('article.card')).toBeVisible();
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await page.waitForLoadState('networkidle');
        await expectNoSeriousViolations(page, path);
      });
    }
  });
}

test('each page has its own title and one h1, and a skip link to the content', async ({ page }) => {
  test.slow();
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();
  const titles = new Set<string>();
  for (const path of ['/study', '/decks', '/lab', '/stats', '/settings']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    titles.add(await page.title());
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
  }
  expect(titles.size).toBe(5);
});

test('after a rating the new card has the focus and a live region says it came; buttons name their keys', async ({ page }) => {
  test.slow();
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();
  await expect(page.getByRole('button', { name: /Show answer/ })).toHaveAttribute('aria-keyshortcuts', 'Space Enter');
  await expect(page.getByRole('button', { name: /Undo/ })).toHaveAttribute('aria-keyshortcuts', 'U');
  await reveal(page);
  const ratings = page.getByRole('group', { name: 'Rate your recall' }).getByRole('button');
  for (const [i, name] of ['Again', 'Hard', 'Good', 'Easy'].entries()) {
    await expect(ratings.filter({ hasText: name })).toHaveAttribute('aria-keyshortcuts', String(i + 1));
  }

  const before = await page.locator('article.card').getAttribute('data-card-id');
  await ratings.filter({ hasText: 'Good' }).click();
  await expect(page.locator('article.card')).not.toHaveAttribute('data-card-id', before!);
  // The card has the focus (or its answer field has, when it asks for a typed or numeric answer).
  await expect.poll(() => page.evaluate(() => document.querySelector('[data-testid="study-card"]')?.contains(document.activeElement) ?? false)).toBe(true);
  const announcer = page.getByTestId('study-announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  await expect(announcer).toHaveText(/^Next card\. \d+ due, \d+ new\.$/);
});
