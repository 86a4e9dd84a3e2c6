import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from './accounts';

// Every page an admin can reach, on a 390×844 phone: nothing wider than the screen (no sideways scrolling) and every
// header link inside it, in English and in Chinese (whose words do not break at spaces).
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
test.describe.configure({ timeout: 180_000 });

const PAGES = ['/', '/decks', '/study', '/stats', '/lab', '/lab/gradient-flow', '/settings', '/admin', '/import', '/quiz-sets', '/classes'];

async function signInAsAdmin(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel(/^(Email|邮箱|电子邮件)/).fill(E2E_ADMIN.email);
  await page.getByLabel(/^(Password|密码)$/).fill(E2E_ADMIN.password);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(E2E_ADMIN.displayName);
}

/** How far the page reaches past the window's right edge, and the header links that do. */
async function overflow(page: Page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clippedLinks: [...document.querySelectorAll('.site-header a, .site-header button')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.left < 0 || box.right > window.innerWidth);
      })
      .map((el) => el.textContent?.trim()),
  }));
}

for (const locale of ['en-US', 'zh-CN']) {
  test(`no page is wider than a 390 px phone (${locale})`, async ({ browser }, testInfo) => {
    const context = await browser.newContext({ ...testInfo.project.use, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale });
    const page = await context.newPage();
    await signInAsAdmin(page);
    // The deck browser too: the first deck's page.
    await page.goto('/decks');
    const deckHref = await page.getByRole('link', { name: /^(Browse|浏览)/ }).first().getAttribute('href');
    const found: Record<string, Awaited<ReturnType<typeof overflow>>> = {};
    for (const path of [...PAGES, deckHref!]) {
      await page.goto(path);
      await expect(page.locator('main h1').first()).toBeVisible({ timeout: 30_000 });
      // Pages that fetch on the client (study, stats, admin) have drawn their content once nothing is loading.
      await page.waitForLoadState('networkidle');
      found[path] = await overflow(page);
    }
    const wide = Object.entries(found).filter(([, o]) => o.scrollWidth > 390 || o.clippedLinks.length > 0);
    expect(wide, `pages wider than 390 px: ${JSON.stringify(wide)}`).toEqual([]);
    await context.close();
  });
}
