import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

const password = 'correct horse battery staple';
// Several page loads and a server-side deletion: on a busy shared machine one step can take tens of seconds.
test.describe.configure({ timeout: 240_000 });

async function signIn(page: Page, email: string, typed = password) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(typed);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('Settings: download all my data as JSON, then delete my account, after which it cannot sign in', async ({ page, request }) => {
  // The first account of an instance is its admin, and the last admin cannot delete itself: make sure it is not ours.
  expect([201, 409]).toContain((await request.post('/api/v1/auth/sign-up', { data: { email: 'your-data.first@example.com', password } })).status());
  await request.post('/api/v1/auth/sign-out');
  const email = `leaving.${Date.now()}@example.com`;
  expect((await request.post('/api/v1/auth/sign-up', { data: { email, password, displayName: 'Leaving' } })).status()).toBe(201);

  await signIn(page, email);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Leaving');
  // Something to find in the export: a changed setting.
  await page.goto('/settings');
  await page.getByLabel('New cards per day').fill('13');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const panel = page.getByRole('region', { name: 'Your data' });
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^recurrence-export-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(data).toMatchObject({ format: 'recurrence-user-export', profile: { email, displayName: 'Leaving', isGuest: false }, settings: { newCardsPerDay: 13 } });
  expect(JSON.stringify(data)).not.toContain('argon2');

  // A wrong password is refused under the field; the account stays.
  await panel.getByRole('button', { name: 'Delete my account…' }).click();
  await expect(panel.getByRole('alert')).toContainText('cannot be undone');
  await panel.getByLabel('Your password').fill('not my password at all');
  await panel.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(panel.getByRole('status')).toHaveText('the password is wrong');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Leaving');

  await panel.getByLabel('Your password').fill(password);
  await panel.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(page.getByText('Your account has been deleted.')).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);

  // Gone: signing in with the same email and password fails.
  await signIn(page, email);
  await expect(page.getByText('email or password is wrong')).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  expect((await request.post('/api/v1/auth/sign-in', { data: { email, password } })).status()).toBe(401);
});

test('the Your data panel in Chinese', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'locale', value: 'zh', url: baseURL! }]);
  await page.goto('/settings');
  await page.request.post('/api/v1/auth/guest');
  await page.reload();
  const panel = page.getByRole('region', { name: '你的数据' });
  await expect(panel.getByRole('link', { name: '下载我的数据' })).toBeVisible();
  await panel.getByRole('button', { name: '删除我的账户…' }).click();
  // A guest has no password: nothing to type, one button deletes.
  await expect(panel.getByText('你以访客身份学习')).toBeVisible();
  await panel.getByRole('button', { name: '永久删除我的账户' }).click();
  await expect(page.getByText('你的账户已删除。')).toBeVisible();
});
