import { expect, test, type Page } from '@playwright/test';

/**
 * Issue 15, as a newcomer met it: "All caught up" while learning cards fell due within minutes, with no time shown;
 * and counts that disagreed between the home page, the statistics and the settings' planner.
 */

const card = (page: Page) => page.locator('article.card');
const ratings = (page: Page) => page.getByRole('group', { name: 'Rate your recall' });
// The guest's day starts at midnight UTC (the default time zone); the browser reads clocks there too.
test.use({ timezoneId: 'UTC', locale: 'en-US' });

const idle = (page: Page) => expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });

/** A fresh guest, started on /study (the session cookie is then the page's and `page.request`'s). */
async function startAsGuest(page: Page, path = '/study') {
  await page.goto(path);
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(card(page)).toBeVisible({ timeout: 30_000 });
  await idle(page);
}

/** Reveals the card on screen and rates it; resolves once the next answer from the server is on screen. */
async function rate(page: Page, rating: 'Again' | 'Hard' | 'Good' | 'Easy') {
  await page.getByRole('button', { name: 'Show answer' }).click();
  await ratings(page).getByRole('button', { name: new RegExp(rating) }).click();
  await expect(ratings(page)).toBeHidden();
  await idle(page);
}

/** What "All caught up" says of a card due at `at` (never today here), in en-US and UTC as this file's browser runs. */
function nextDueText(at: Date, promise: string | null) {
  const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
  const time = new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: 'UTC' }).format(at);
  const wait = at.getTime() - Date.now();
  // The wait as the rating buttons write it ("19h", "6d"), either side of a rounding boundary crossed while waiting.
  const [unit, suffix] = wait < 3_600_000 ? [60_000, 'm'] : wait < 86_400_000 ? [3_600_000, 'h'] : [86_400_000, 'd'];
  const n = Math.round(wait / unit);
  const waits = [n - 1, n, n + 1].map((k) => `${k}${suffix}`).join('|');
  const tail = promise ? `; ${promise}\\.` : '\\.';
  return new RegExp(`^The next card is due on ${day} at ${time.replace(/\s/g, '\\s')} \\(in (${waits})\\)${tail}$`);
}

async function setNewCardsPerDay(page: Page, n: number) {
  await page.goto('/settings');
  await page.getByLabel('New cards per day').fill(String(n));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
}

test('"All caught up" says when the next card is due, and a learning card due within 20 minutes is shown instead', async ({ page }) => {
  await startAsGuest(page);
  await setNewCardsPerDay(page, 1);
  await page.goto('/study');
  await expect(card(page)).toBeVisible({ timeout: 30_000 });
  await idle(page);
  await expect(page.getByTestId('new-count')).toHaveText('1');
  const id = await card(page).getAttribute('data-card-id');
  const done = page.getByTestId('done');

  // Again puts the day's one new card a minute away: inside Anki's learn-ahead limit (20 minutes), so the same card is
  // shown again at once rather than "All caught up".
  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect(ratings(page).getByRole('button', { name: /Again/ })).toContainText('1m');
  await expect(ratings(page).getByRole('button', { name: /Good/ })).toContainText('10m');
  await ratings(page).getByRole('button', { name: /Again/ }).click();
  await expect(ratings(page)).toBeHidden();
  await idle(page);
  await expect(done).toBeHidden();
  await expect(card(page)).toHaveAttribute('data-card-id', id!);
  await expect(page.getByTestId('new-count')).toHaveText('0');
  // Good: the next learning step, 10 minutes away, still within the limit: the same card again.
  await rate(page, 'Good');
  await expect(done).toBeHidden();
  await expect(card(page)).toHaveAttribute('data-card-id', id!);

  // Undo both ratings: the card is new again.
  await page.keyboard.press('u');
  await expect(page.getByRole('status')).toHaveText('Undo: Good');
  await idle(page);
  await page.keyboard.press('u');
  await expect(page.getByRole('status')).toHaveText('Undo: Again');
  await idle(page);
  await expect(page.getByTestId('new-count')).toHaveText('1');
  await expect(card(page)).toHaveAttribute('data-card-id', id!);

  // Easy: a review card days away, and nothing else may be studied today.
  const rated = page.waitForResponse((r) => r.url().endsWith('/api/v1/study/reviews') && r.request().method() === 'POST');
  await rate(page, 'Easy');
  const review = (await (await rated).json()) as { state: string; due: string };
  expect(review.state).toBe('review');
  expect(new Date(review.due).getTime() - Date.now()).toBeGreaterThan(2 * 86_400_000);
  await expect(done).toBeVisible();
  await expect(done).toContainText('All caught up');
  await expect(page.getByTestId('new-count')).toHaveText('0');
  // The next card is tomorrow's new card, at the start of the guest's day (UTC), not the Easy card days away; shown
  // with its date (it is not today), how long until then, and the promise the page keeps (it comes back within a day).
  const tomorrow = new Date();
  tomorrow.setUTCHours(24, 0, 0, 0);
  await expect(page.getByTestId('next-due')).toHaveText(nextDueText(tomorrow, 'this page shows it then'));

  // With no new cards a day the next card is that review, days away: its date, and no promise to come back then.
  await setNewCardsPerDay(page, 0);
  await page.goto('/study');
  await expect(page.getByTestId('next-due')).toHaveText(nextDueText(new Date(review.due), null), { timeout: 30_000 });
});

type Deck = { id: string; title: { en: string }; cardCount: number };

test('after a suspension and a few ratings, the home page, the deck list, the statistics and the settings count the same cards', async ({ page }) => {
  const { decks } = (await (await page.request.get('/api/v1/decks')).json()) as { decks: Deck[] };
  const deck = decks[0]!;
  await startAsGuest(page, `/study?deck=${encodeURIComponent(deck.id)}`);
  // Three new cards rated Easy (each a review card now, days away), then the fourth suspended (S).
  const rated = 3;
  for (let i = 0; i < rated; i++) await rate(page, 'Easy');
  const suspended = await card(page).getAttribute('data-card-id');
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText('Suspended');
  await expect(card(page)).not.toHaveAttribute('data-card-id', suspended!);
  await idle(page);
  const expectedNew = deck.cardCount - rated - 1;
  // Study offers what is left of today's 20 new cards.
  await expect(page.getByTestId('new-count')).toHaveText(String(Math.min(expectedNew, 20 - rated)));
  await expect(page.getByTestId('due-count')).toHaveText('0');

  // The home page and the deck list: the suspended card is not new.
  for (const path of ['/', '/decks']) {
    await page.goto(path);
    const entry = page.locator('li.deck').filter({ has: page.getByRole('heading', { name: deck.title.en, exact: true }) });
    await expect(entry).toContainText(`${deck.cardCount} cards · 0 due · ${expectedNew} new`);
  }

  // The statistics of that deck: the same new count, the suspended card as suspended, and every rating made.
  await page.goto('/stats');
  await page.getByRole('combobox', { name: 'Deck' }).selectOption(deck.id);
  const counts = page.getByTestId('card-counts');
  const count = (label: string) => counts.locator('div').filter({ has: page.getByText(label, { exact: true }) }).locator('strong');
  await expect(count('new')).toHaveText(String(expectedNew), { timeout: 30_000 });
  await expect(count('suspended')).toHaveText('1');
  await expect(count('review')).toHaveText(String(rated));
  await expect(count('ratings')).toHaveText(String(rated));

  // The planner, for an interview on that deck in 30 days: the cards it plans for leave the suspended one out, and
  // "not yet seen" is the deck's new count.
  await page.goto('/settings');
  const planner = page.locator('section.panel').filter({ has: page.getByRole('heading', { name: 'Interview date' }) });
  await planner.getByRole('combobox', { name: 'Deck' }).selectOption(deck.id);
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await planner.getByLabel('Interview date').fill(day);
  await planner.getByRole('button', { name: 'Set date' }).click();
  const plan = planner.getByTestId('interview-plan');
  await expect(plan).toContainText(`of ${deck.cardCount - 1} cards at or above`, { timeout: 30_000 });
  await expect(plan).toContainText(`(${expectedNew} not yet seen)`);
  // Its load chart's new cards today: its pace, within what study still offers today (the 3 already introduced count).
  const pace = Number((await plan.textContent())!.match(/Plan: (\d+) new cards? a day/)![1]);
  const { plans } = (await (await page.request.get('/api/v1/plan')).json()) as { plans: { dailyLoad: { newCards: number }[] }[] };
  expect(Math.round(plans[0]!.dailyLoad[0]!.newCards)).toBe(Math.min(pace, expectedNew, 20 - rated));

  // "Fit to my reviews" says how many of those ratings count, and why: first ratings do not.
  await page.getByRole('button', { name: 'Fit to my reviews' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Not enough reviews' })).toHaveText(
    'Not enough reviews yet: 0 of 400. A review counts when its card was last reviewed on an earlier day — first ratings and same-day repeats do not.',
    { timeout: 30_000 },
  );
});
