import { expect, test } from '@playwright/test';

/** An Anki-format CSV ("Notes in Plain Text", HTML fields) whose fields try to run script. */
const CSV = [
  '#separator:tab',
  '#html:true',
  '#tags column:3',
  'What does <b>LSTM</b> stand for?\tLong short-term memory<img src="x" onerror="window.__xss = 1">\tml rnn',
  'Attention cost in sequence length<script>window.__xss = 2</script>\t<a href="javascript:window.__xss=3">quadratic</a>\tml',
  '',
].join('\n');

test('imports an Anki CSV through the column-mapping step; its HTML shows as text and runs nothing; the deck exports', async ({ page }, testInfo) => {
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();

  await page.goto('/import');
  await page.locator('input[type=file]').setInputFiles({ name: 'anki-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(CSV) });
  // The preview: the separator and columns read from Anki's header lines, the rows, the counts.
  await expect(page.getByText('UTF-8, separated by tabs, 2 rows.')).toBeVisible();
  await expect(page.getByLabel('Front (term)')).toHaveValue('1');
  await expect(page.getByLabel('Tags')).toHaveValue('3');
  await expect(page.getByTestId('import-report')).toContainText('2 notes, 2 cards');
  await page.screenshot({ path: testInfo.outputPath('import-preview.png'), fullPage: true });

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Imported 2 notes (2 cards).');
  await page.getByRole('link', { name: /^Open/ }).click();

  // The card texts are Markdown, whose renderer loads on demand: on a busy machine that can take more than 5 s.
  await expect(page.getByText('Long short-term memory').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('quadratic').first()).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate('window.__xss')).toBeUndefined();
  expect(await page.locator('[onerror], script:not([src]):has-text("__xss")').count()).toBe(0);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Anki (.apkg)' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.apkg$/);
});

test('a file with a row that cannot be imported imports nothing and names the line', async ({ page }) => {
  await page.goto('/study');
  await page.getByRole('button', { name: 'Start as guest' }).click();
  await expect(page.locator('article.card')).toBeVisible();
  await page.goto('/import');
  await page.locator('input[type=file]').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('term,definition\nfirst,one\nsecond,\n') });
  await expect(page.getByTestId('import-report')).toContainText('line 3: the back (column 2) is empty');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
});
