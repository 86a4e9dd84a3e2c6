import { expect, test, type Page } from '@playwright/test';

/** A guest who rated the first card of the first deck Easy (a review card now), on that deck's browser. */
async function guestWithOneReview(page: Page) {
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.getByRole('group', { name: 'Rate your recall' }).getByRole('button', { name: /Easy/ }).click();
  await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');
  await page.goto('/decks');
  await page.getByRole('link', { name: /^Browse / }).first().click();
  // The deck page renders its first 50 cards on the server: give a loaded machine time.
  await expect(page).toHaveURL(/\/decks\/[^/]+$/, { timeout: 30_000 });
}

const rows = (page: Page) => page.locator('.browse-row');

test('the card browser opens at the top and finds cards by state and text, with their FSRS state', async ({ page }) => {
  await guestWithOneReview(page);
  await expect(rows(page).first()).toBeVisible();
  // Opens at the top; nothing took focus.
  expect(await page.evaluate('window.scrollY')).toBe(0);
  expect(await page.evaluate('document.activeElement === document.body || document.activeElement === null')).toBe(true);
  const total = await rows(page).count();
  expect(total).toBeGreaterThan(1);

  await page.getByLabel('State').selectOption('review');
  await expect(rows(page)).toHaveCount(1);
  const reviewed = rows(page).first();
  await expect(reviewed.locator('.badge').first()).toHaveText('Review');
  // Recall now: a real percentage from the FSRS curve (just reviewed: close to 100 %).
  const recall = await reviewed.getByTestId('retrievability').textContent();
  expect(recall).toMatch(/^\d{2,3}(\.\d)?\s?%$/);
  expect(Number.parseFloat(recall!)).toBeGreaterThan(90);
  await expect(reviewed.getByText('Stability')).toBeVisible();
  await expect(reviewed.getByText('Difficulty')).toBeVisible();

  // Its review history: the one Easy.
  await reviewed.getByRole('button', { name: 'Details' }).click();
  const history = reviewed.locator('.browse-history tbody tr');
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText('Easy');

  await page.getByLabel('State').selectOption('');
  await expect(rows(page)).toHaveCount(total);
  await page.getByRole('searchbox', { name: 'Search' }).fill('zzzz no card says this');
  await expect(page.getByText('No card matches these filters.')).toBeVisible();
  await expect(rows(page)).toHaveCount(0);
});

test('suspend, unsuspend, reschedule and reset a card from the browser', async ({ page }) => {
  await guestWithOneReview(page);
  await page.getByLabel('State').selectOption('review');
  const row = rows(page).first();
  await row.getByRole('button', { name: 'Details' }).click();

  await row.getByRole('button', { name: 'Suspend' }).click();
  await expect(row.getByRole('status')).toHaveText('Suspended.');
  await expect(row.locator('.badge.state-suspended')).toBeVisible();
  await row.getByRole('button', { name: 'Unsuspend' }).click();
  await expect(row.getByRole('status')).toHaveText('Unsuspended.');
  await expect(row.locator('.badge.state-suspended')).toHaveCount(0);

  // Set the due date to 2 January of next year: the row shows it, and the history lists the change.
  const year = new Date().getFullYear() + 1;
  await row.getByLabel('New due date').fill(`${year}-01-02`);
  await row.getByRole('button', { name: 'Set due date' }).click();
  await expect(row.getByRole('status')).toHaveText('Due date set.');
  await expect(row.locator('.browse-facts')).toContainText(`Jan 2, ${year}`);
  await expect(row.locator('.browse-history')).toContainText('Due date set');

  await row.getByRole('button', { name: 'Reset to new' }).click();
  await row.getByRole('group', { name: 'Reset to new' }).getByRole('button', { name: 'Reset to new' }).click();
  await expect(row.getByRole('status')).toHaveText('Reset: the card is new again.');
  await expect(row.locator('.badge').first()).toHaveText('New');
  await expect(row.locator('.browse-facts')).toContainText('not studied yet');

  // The study page's Undo takes the reset back.
  await page.goto('/study');
  await expect(page.locator('article.card')).toBeVisible();
  await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('u');
  await expect(page.getByRole('status').filter({ hasText: 'Undone' })).toContainText('reset');
});
