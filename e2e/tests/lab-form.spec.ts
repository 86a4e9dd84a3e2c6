import { expect, test, type Page } from '@playwright/test';

const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });
const reasons = (page: Page) => page.getByTestId('lab-cannot-run');

test('the lab form shows its cost budget while editing and says why Run is off', async ({ page }) => {
  await page.goto('/lab/gradient-flow');
  await expect(page.getByLabel('Sequence length')).toHaveValue('100');
  await expect(page.getByTestId('budget-gradientFlowWork')).toHaveText('57% used');
  await expect(runButton(page)).toBeEnabled();
  await expect(reasons(page)).toHaveCount(0);

  // 200 steps: the API would refuse it (10,240,000 > 9,000,000); the form says so before anyone presses Run.
  await page.getByLabel('Training steps').fill('200');
  await expect(page.getByTestId('budget-gradientFlowWork')).toHaveText('114% used');
  await expect(runButton(page)).toBeDisabled();
  await expect(reasons(page)).toContainText('Compute budget is over its limit (114%): lower Training steps, Sequence length, Sequences per step, Model width, or Models to compare.');
  await page.getByLabel('Training steps').fill('150');
  await expect(runButton(page)).toBeEnabled();

  // No model ticked: said in words, not "Too small: expected array to have >=1 items".
  for (const name of ['Plain RNN (tanh)', 'LSTM', 'Transformer']) await page.getByRole('checkbox', { name, exact: true }).uncheck();
  await expect(runButton(page)).toBeDisabled();
  await expect(reasons(page)).toContainText('Models to compare: tick at least one');
  await page.getByRole('checkbox', { name: 'LSTM', exact: true }).check();
  await expect(runButton(page)).toBeEnabled();

  // An emptied field is an error, not a silent default.
  await page.getByLabel('Distractor words').fill('');
  await expect(runButton(page)).toBeDisabled();
  await expect(reasons(page)).toContainText('Distractor words: enter a number');
  await expect(page.getByLabel('Distractor words')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Distractor words').fill('40');
  await expect(reasons(page)).toContainText('Distractor words: at most 32');
  await page.getByLabel('Distractor words').fill('8');
  await expect(runButton(page)).toBeEnabled();
});

test('each model checkbox is named by its model alone, inside a labelled group', async ({ page }) => {
  await page.goto('/lab/gradient-flow');
  const group = page.getByRole('group', { name: 'Models to compare' });
  await expect(group.getByRole('checkbox', { name: 'Plain RNN (tanh)', exact: true })).toBeChecked();
  await expect(group.getByRole('checkbox')).toHaveCount(4);
});

test('the budget and the reasons are in Chinese too', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/lab/gradient-flow');
  await page.getByLabel('训练步数').fill('200');
  await expect(page.getByRole('button', { name: '运行', exact: true })).toBeDisabled();
  await expect(reasons(page)).toContainText('计算预算超出上限（114%）：请降低训练步数、序列长度、每步的序列数、模型宽度或要比较的模型。');
  await context.close();
});

test('Run stays on while one run goes (two at once are allowed), and is off at two', async ({ page }) => {
  test.slow();
  await page.goto('/lab/gradient-flow');
  // Long enough to still be going when the second starts; both are cancelled at the end.
  await page.getByLabel('Training steps').fill('150');
  await runButton(page).click();
  const runs = page.getByTestId('lab-run');
  await expect(runs.first().getByRole('progressbar')).toBeVisible({ timeout: 20_000 });
  await expect(runButton(page)).toBeEnabled();

  await page.getByLabel('Random seed').fill('1');
  await runButton(page).click();
  await expect(runs).toHaveCount(2);
  await expect(runButton(page)).toBeDisabled();
  await expect(reasons(page)).toContainText('2 runs are going, the most at once');

  // Each Cancel says so at once and the run says it ended (a run still queued behind the server's warm-up too). A
  // failed cancel would show its reason in the run's panel.
  for (const n of [0, 1]) {
    const run = runs.nth(n);
    await run.getByRole('button', { name: 'Cancel' }).click();
    await expect(run.getByText('Run cancelled.')).toBeVisible({ timeout: 30_000 });
  }
  await expect(runButton(page)).toBeEnabled();
});

test('a cancel the server refuses says why, and the run can still be cancelled', async ({ page }) => {
  test.slow();
  await page.goto('/lab/gradient-flow');
  await page.getByLabel('Random seed').fill('2');
  await page.getByLabel('Training steps').fill('150');
  await runButton(page).click();
  const run = page.getByTestId('lab-run').first();
  await expect(run.getByRole('progressbar')).toBeVisible({ timeout: 20_000 });

  await page.route('**/api/v1/lab/runs/*', (route) =>
    route.request().method() === 'DELETE'
      ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'the database is busy; try again' }) })
      : route.fallback(),
  );
  await run.getByRole('button', { name: 'Cancel' }).click();
  await expect(run.getByRole('alert')).toHaveText('Could not cancel: the database is busy; try again');
  await expect(run.getByRole('progressbar')).toBeVisible();

  await page.unroute('**/api/v1/lab/runs/*');
  await run.getByRole('button', { name: 'Cancel' }).click();
  await expect(run.getByText('Run cancelled.')).toBeVisible({ timeout: 30_000 });
});
