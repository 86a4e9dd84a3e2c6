import { expect, test, type Page } from '@playwright/test';

/** Rates whatever card is up Easy (so it leaves today's queue), answering graded cards with anything. */
async function skipWithEasy(page: Page) {
  const card = page.locator('article.card');
  const id = await card.getAttribute('data-card-id');
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.getByRole('button', { name: /Easy/ }).click();
  await expect(card).not.toHaveAttribute('data-card-id', id!);
}

test('a cloze note is studied card by card: one deletion number hidden on each, the others shown as text', async ({ page }, testInfo) => {
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  const card = page.locator('article.card');
  await expect(card).toBeVisible();

  // New cards come in deck order; go to the first cloze card.
  let skipped = 0;
  for (; skipped < 30 && (await card.getAttribute('data-card-type')) !== 'cloze'; skipped++) await skipWithEasy(page);
  await expect(card).toHaveAttribute('data-card-type', 'cloze');
  const noteId = await card.getAttribute('data-note-id');
  const deletions = card.locator('strong.cloze');

  // Every card of the note follows, in deletion-number order; each has its own id and hides only its own deletions.
  const cardIds = new Set<string>();
  const ordinals: number[] = [];
  const visibleTexts: string[] = [];
  for (;;) {
    const ordinal = Number(await card.getAttribute('data-ordinal'));
    ordinals.push(ordinal);
    cardIds.add((await card.getAttribute('data-card-id'))!);
    await expect(deletions.first()).toBeVisible();
    // Before the reveal only blanks are bold (the note's other deletions are plain text).
    for (const text of await deletions.allTextContents()) expect(text).toMatch(/^\[.+\]$/);
    visibleTexts.push((await card.textContent())!);
    if (ordinals.length === 2) await page.screenshot({ path: testInfo.outputPath('cloze-card-2.png'), fullPage: true });
    await page.keyboard.press('Space');
    // The answer side renders when its Markdown has loaded (on demand): wait until no deletion is left hidden.
    await expect.poll(async () => (await deletions.allTextContents()).filter((text) => /^\[…\]$/.test(text))).toEqual([]);
    await page.keyboard.press('3');
    await expect(card).not.toHaveAttribute('data-card-id', [...cardIds].at(-1)!);
    if ((await card.getAttribute('data-note-id')) !== noteId) break;
  }
  expect(ordinals.length).toBeGreaterThanOrEqual(2);
  expect(ordinals).toEqual([...ordinals].sort((a, b) => a - b));
  expect(cardIds.size).toBe(ordinals.length);
  // The cards show different text: a deletion hidden on one card is shown as text on another.
  expect(new Set(visibleTexts).size).toBe(ordinals.length);

  // Each card was scheduled on its own: the statistics count every card of the note, not the note once.
  const stats = await (await page.request.get('/api/v1/stats')).json();
  const reviews = stats.reviewsPerDay.reduce((s: number, d: { reviews: number }) => s + d.reviews, 0);
  expect(reviews).toBe(skipped + ordinals.length);
  const { learning, review, relearning } = stats.counts as { learning: number; review: number; relearning: number };
  expect(learning + review + relearning).toBe(skipped + ordinals.length);
});
