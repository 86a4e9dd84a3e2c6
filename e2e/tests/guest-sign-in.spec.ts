import { expect, test } from '@playwright/test';

test('a guest who signs in to an existing account is told what of their progress the account now has', async ({ page, request }) => {
  const email = `kept.${Date.now()}@example.com`;
  const password = 'correct horse battery staple';
  // The account exists already (made from another browser).
  expect((await request.post('/api/v1/auth/sign-up', { data: { email, password } })).status()).toBe(201);

  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.getByRole('group', { name: 'Rate your recall' }).getByRole('button', { name: /Again/ }).click();
  await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);
  await expect(page.getByRole('status').filter({ hasText: 'guest progress' })).toHaveText('Your guest progress is now in this account: 1 card and 1 review.');
  // Said once: not again on the next visit.
  await page.reload();
  await expect(page.locator('article.card')).toBeVisible();
  await expect(page.getByText('Your guest progress is now in this account')).toHaveCount(0);
});
