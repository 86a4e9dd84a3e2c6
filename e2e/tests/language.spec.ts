import { expect, test } from '@playwright/test';

test.describe('a browser that prefers Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('gets the page in Chinese from the server, before any script runs', async ({ browser }) => {
    // No JavaScript at all: whatever shows was rendered by the server, so there is no English first.
    const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('用可验证的答案准备机器学习面试');
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '卡组' })).toBeVisible();
    await expect(page).toHaveTitle(/用可验证的答案/);
    await context.close();
  });

  test('the 404 page and the lab form are in Chinese too', async ({ page }) => {
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到页面');
    await expect(page).toHaveTitle('找不到页面 · Recurrence');

    await page.goto('/lab/gradient-flow');
    await expect(page.getByLabel('序列长度')).toHaveValue('100');
    await expect(page.getByLabel('训练步数')).toHaveValue('100');
    await expect(page.getByText('seqLen', { exact: true })).toHaveCount(0);
    await expect(page.getByText('noiseTokens', { exact: true })).toHaveCount(0);
  });
});

test('one labelled interface-language control in the header, separate from the card language', async ({ page }) => {
  await page.goto('/settings');
  const header = page.getByRole('banner');
  const interfaceLanguage = header.getByLabel('Interface language');
  await expect(interfaceLanguage).toBeVisible();
  // The card language is not in the header: it is its own labelled choice.
  await expect(header.getByLabel('Card language')).toHaveCount(0);
  await expect(page.getByRole('main').getByLabel('Card language')).toHaveValue('en');

  // Cards in Chinese, interface still in English.
  await page.getByRole('main').getByLabel('Card language').selectOption('zh');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');

  // Interface in Chinese: the server renders the page again in Chinese; the card language stays as chosen.
  await interfaceLanguage.selectOption('zh');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('main').getByLabel('卡片语言')).toHaveValue('zh');

  // Remembered across visits (a cookie, read by the server).
  await page.goto('/stats');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('统计');
  await expect(page).toHaveTitle('统计 · Recurrence');

  // Back to English; a card language nobody chose follows the interface, a chosen one stays.
  await page.getByRole('banner').getByLabel('界面语言').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistics');
  await page.goto('/settings');
  await expect(page.getByRole('main').getByLabel('Card language')).toHaveValue('zh');
});

test('the header links to the deck list, and every page has its own title and one h1', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decks' }).click();
  await expect(page).toHaveURL(/\/decks$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Decks');

  const titles = new Set<string>();
  for (const path of ['/', '/decks', '/study', '/stats', '/lab', '/lab/gradient-flow', '/settings', '/admin', '/sign-in', '/sign-up', '/no-such-page']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }), path).toHaveCount(1);
    titles.add(await page.title());
  }
  expect(titles.size).toBe(11);
});

test('a skip link leads past the header to the page content', async ({ page }) => {
  await page.goto('/lab');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});
