import { expect, test, type Page } from '@playwright/test';

/** Answers whatever card is up using the keyboard only, then rates it with a digit. */
async function answerWithKeyboard(page: Page, rating: '1' | '2' | '3' | '4') {
  const card = page.locator('article.card');
  await expect(card).toBeVisible();
  const type = await card.getAttribute('data-card-type');
  if (type === 'multiple-choice') {
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
  } else if (type === 'numeric') {
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
  } else {
    await page.keyboard.press('Space');
  }
  await expect(page.getByRole('group', { name: 'Rate your recall' })).toBeVisible();
  await page.keyboard.press(rating);
}

test('a keyboard-only session: ten cards rated, one undone', async ({ page }, testInfo) => {
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('article.card')).toBeVisible();

  const ratings = ['3', '3', '1', '4', '2', '3', '3', '4', '3', '3'] as const;
  for (const [i, rating] of ratings.entries()) {
    const card = page.locator('article.card');
    const idBefore = await card.getAttribute('data-card-id');
    await answerWithKeyboard(page, rating);
    await expect(card).not.toHaveAttribute('data-card-id', idBefore!);
    await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');
    if (i === 4) {
      // U undoes the rating just given: the same card is back, to be answered again.
      await page.keyboard.press('u');
      await expect(page.getByRole('status')).toContainText('Undo');
      await expect(card).toHaveAttribute('data-card-id', idBefore!);
      await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');
      await answerWithKeyboard(page, rating);
      await expect(card).not.toHaveAttribute('data-card-id', idBefore!);
      await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');
    }
  }
  await page.screenshot({ path: testInfo.outputPath('keyboard-session.png'), fullPage: true });

  // Ten ratings are in effect; the undone one is kept in the log but not counted.
  const stats = await (await page.request.get('/api/v1/stats')).json();
  const total = stats.reviewsPerDay.reduce((s: number, d: { reviews: number }) => s + d.reviews, 0);
  expect(total).toBe(10);
});
