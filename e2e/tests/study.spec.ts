import { expect, test, type Page } from '@playwright/test';

const password = 'correct horse battery staple';

/** Shows the answer of whatever card is up: Space for self-graded cards, an answer and "Check" for auto-graded ones. */
async function reveal(page: Page) {
  const type = await page.locator('article.card').getAttribute('data-card-type');
  if (type === 'multiple-choice') {
    await page.locator('.choices input').first().check();
    await page.getByRole('button', { name: 'Check answer' }).click();
  } else if (type === 'numeric') {
    await page.getByLabel('Your answer').fill('1');
    await page.getByRole('button', { name: 'Check answer' }).click();
  } else {
    await page.keyboard.press('Space');
  }
  await expect(page.getByRole('group', { name: 'Rate your recall' })).toBeVisible();
}

async function counts(page: Page) {
  return { due: Number(await page.getByTestId('due-count').textContent()), new: Number(await page.getByTestId('new-count').textContent()) };
}

test('a newcomer signs up, studies the article deck and rates a card', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();
  await expect(page.locator('.deck h3').first()).not.toBeEmpty();

  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await page.getByLabel('Email').fill('first.user@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();

  await expect(page).toHaveURL(/\/study$/);
  await expect(page.getByTestId('signed-in-as')).toHaveText('first.user@example.com');
  await expect(page.locator('article.card')).toBeVisible();
  const before = await counts(page);
  expect(before.new).toBe(20); // 72 cards, capped by the default 20 new cards a day

  // The first card of the deck: reveal it and rate it Good with the keyboard.
  await reveal(page);
  await page.screenshot({ path: testInfo.outputPath('revealed-card.png'), fullPage: true });
  await page.keyboard.press('3');

  await expect.poll(async () => (await counts(page)).new).toBe(before.new - 1);

  // The rating is in the review log: the deck list now shows one card fewer as new for this user.
  const decks = await (await page.request.get('/api/v1/decks')).json();
  expect(decks.decks[0].new).toBe(decks.decks[0].cardCount - 1);
});

test('a guest keeps their progress when they create an account', async ({ page }) => {
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();
  const before = await counts(page);
  await reveal(page);
  await page.getByRole('button', { name: /Again/ }).click();
  await expect.poll(async () => (await counts(page)).new).toBe(before.new - 1);

  await page.getByRole('link', { name: 'Save progress' }).click();
  await expect(page.getByText('Your guest progress moves to the new account.')).toBeVisible();
  await page.getByLabel('Email').fill('guest.turned.user@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('guest.turned.user@example.com');
  await expect.poll(async () => (await counts(page)).new).toBe(before.new - 1);
});

test('wrong credentials and invalid sign-up input are explained without leaving the form', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form [role="alert"]')).toHaveText('email or password is wrong');

  await page.goto('/sign-up');
  await page.getByLabel('Email').fill('short.pw@example.com');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.locator('label', { hasText: 'Password' }).locator('.error')).toContainText('at least 10 characters');
  // Long enough but common: refused, and no account is made.
  await page.getByLabel('Password').fill('password12');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.locator('label', { hasText: 'Password' }).locator('.error')).toHaveText('Too easy to guess. Try a longer phrase of three or four unrelated words.');
  await expect(page).toHaveURL(/\/sign-up$/);
});
