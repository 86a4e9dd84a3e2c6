import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect as baseExpect, test, type Browser, type Dialog, type Page } from '@playwright/test';

// Two browsers and a dozen server-rendered pages: on a loaded machine a page can take longer than the default 5 s.
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * An instructor's whole path: an Anki package in, a quiz set out to a class, a student's graded attempts, the item
 * statistics. The package is one made by another tool (repeat-space/anki-apkg-export), read from the shared fixtures
 * beside the repository (../shared/fixtures/anki), never copied into it.
 */
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/anki/', import.meta.url));
const PACKAGE = `${FIXTURES}anki-apkg-export_output.apkg`;

/** The package's three notes (basic, not type-in: written answers the instructor marks) and the open question added. */
const BASIC = [1, 2, 3].map((n) => ({ front: n === 3 ? 'card #3 with image' : `card #${n} front`, back: `card #${n} back` }));
const OPEN = { question: 'Why does spacing reviews out beat cramming?', modelAnswer: 'Each retrieval after some forgetting strengthens memory more.' };
const COMMENT = 'Good: you named retrieval effort. Mention the forgetting curve next time.';

async function signUp(browser: Browser, who: string, instructor: boolean): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`${who}-${Date.now()}@example.com`);
  await page.getByLabel('Display name').fill(who);
  if (instructor) await page.getByLabel(/I teach/).check();
  await page.getByLabel('Password').fill('lantern orchard quietly vermilion 42');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/study');
  return page;
}

/** Answers every question of the open attempt (`answer` picks the text from the question), then submits. */
async function answerAndSubmit(page: Page, answer: (question: string) => string | null): Promise<void> {
  const items = page.locator('li.quiz-item');
  await expect(items).toHaveCount(4);
  const skipped: string[] = [];
  for (let i = 0; i < 4; i++) {
    const item = items.nth(i);
    const text = answer((await item.textContent()) ?? '');
    if (text === null) skipped.push(String(i));
    else await item.locator('textarea').fill(text);
  }
  // Submitted at once after the last keystroke: the answer still waiting for its typing pause must be saved first.
  const dialogs: string[] = [];
  const onDialog = (dialog: Dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  };
  page.on('dialog', onDialog);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('attempt')).toHaveAttribute('data-status', 'submitted');
  page.off('dialog', onDialog);
  // The count of unanswered questions comes from what was typed, not from the page as it loaded.
  expect(dialogs).toEqual(skipped.length === 0 ? [] : [`${skipped.length === 1 ? '1 question is' : `${skipped.length} questions are`} not answered. Submit anyway?`]);
}

const answerFor = (good: boolean) => (question: string) => {
  if (question.includes(OPEN.question)) return good ? 'Retrieving a memory after some forgetting strengthens it more than rereading it.' : 'no idea';
  const basic = BASIC.find((b) => question.includes(b.front));
  if (!basic) throw new Error(`unexpected question: ${question}`);
  if (good) return basic.back;
  // The second attempt leaves the first card's question unanswered (it is marked 0 without grading).
  return basic === BASIC[0] ? null : 'wrong';
};

/** Marks every question of a submitted attempt (instructor), with a comment on the open question. */
async function grade(page: Page, attemptUrl: string, mark: '0' | '1'): Promise<void> {
  await page.goto(attemptUrl);
  await expect(page.getByTestId('grade-form')).toHaveCount(4);
  const items = page.locator('li.quiz-item');
  for (let i = 0; i < 4; i++) {
    const item = items.nth(i);
    const form = item.getByTestId('grade-form');
    // An unanswered question was marked 0 on submission: nothing to grade.
    if ((await item.getByText('No answer').count()) > 0) continue;
    await form.getByRole('button', { name: mark, exact: true }).click();
    if ((await item.textContent())?.includes(OPEN.question)) await form.getByLabel('Comment').fill(mark === '1' ? COMMENT : 'Not an explanation.');
    await form.getByRole('button', { name: 'Save the mark' }).click();
    await expect(form.getByText('Saved')).toBeVisible();
  }
  await expect(page.getByTestId('attempt-score')).toHaveText(`Score ${mark === '1' ? 4 : 0} / 4`);
}

test('an instructor imports an .apkg, publishes it to a class, grades a student’s attempts and sees the item statistics; the student sees the grade', async ({ browser }, testInfo) => {
  test.skip(!existsSync(PACKAGE), `the shared Anki fixtures are not at ${FIXTURES} (they sit beside the repository as ../shared/fixtures/anki)`);
  test.setTimeout(600_000);

  // The instructor signs up choosing a teacher account and imports the package.
  const teacher = await signUp(browser, 'Instructor', true);
  await teacher.goto('/import');
  await teacher.locator('input[type=file]').setInputFiles(PACKAGE);
  await expect(teacher.getByTestId('import-report')).toContainText('3 notes, 3 cards');
  await teacher.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(teacher.getByRole('status')).toHaveText('Imported 3 notes (3 cards).');
  const deckHref = await teacher.getByRole('link', { name: /^Open/ }).getAttribute('href');
  const deckId = decodeURIComponent(/\/decks\/([^/?#]+)/.exec(deckHref ?? '')![1]!);

  // The package has no open question: the instructor adds one to the imported deck, through the notes API.
  const added = await teacher.request.post(`/api/v1/decks/${encodeURIComponent(deckId)}/notes`, {
    data: { notes: [{ type: 'open', question: { en: OPEN.question }, modelAnswer: { en: OPEN.modelAnswer }, checklist: [{ en: 'retrieval effort' }, { en: 'forgetting curve' }] }] },
  });
  expect(added.status(), await added.text()).toBe(201);

  // A class, and the deck published as a quiz set assigned to it.
  await teacher.goto('/classes');
  await teacher.getByLabel('Name').fill('Memory 101');
  await teacher.getByRole('button', { name: 'Create' }).click();
  await teacher.waitForURL(/\/classes\/[^/]+$/);
  const classUrl = teacher.url();
  const classId = classUrl.split('/').pop()!;
  const code = (await teacher.getByTestId('join-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{7}$/);

  await teacher.goto('/quiz-sets');
  await teacher.getByLabel('Deck').selectOption({ label: 'deck-name (4 cards)' });
  await teacher.getByLabel('Title').fill('Week 1 check');
  await teacher.getByRole('button', { name: 'Publish' }).click();
  await teacher.waitForURL(/\/quiz-sets\/[^/?]+$/);
  const quizSetId = teacher.url().split('/').pop()!;
  await teacher.goto(classUrl);
  await teacher.getByTestId('assign-set').selectOption({ label: 'Week 1 check' });
  await teacher.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(teacher.getByRole('link', { name: 'Week 1 check' }).first()).toBeVisible();

  // A student joins by the code and takes the quiz twice: good answers, then poor ones with a question left out.
  const student = await signUp(browser, 'Student', false);
  await student.goto('/classes');
  await student.getByLabel('Join code').fill(code);
  await student.getByRole('button', { name: 'Join' }).click();
  await student.waitForURL(`**/classes/${classId}`);
  await student.getByRole('link', { name: 'Take the quiz' }).click();
  await student.getByRole('button', { name: 'Start' }).click();
  await student.waitForURL('**/attempts/*');
  const firstAttempt = student.url();
  await answerAndSubmit(student, answerFor(true));
  await expect(student.getByTestId('attempt-score')).toContainText('4 answers to grade');

  await student.goto(`/quiz/${quizSetId}?class=${classId}`);
  await student.getByRole('button', { name: 'Start another attempt' }).click();
  await student.waitForURL((url) => url.pathname.startsWith('/attempts/') && url.href !== firstAttempt);
  const secondAttempt = student.url();
  await answerAndSubmit(student, answerFor(false));

  // The instructor finds both attempts to grade from the class dashboard, and marks them. Per question, before
  // grading: no figures yet, and the written answers waiting under each question (the first card's was left out in the
  // second attempt, so marked 0 at once).
  await teacher.goto(classUrl);
  const perQuestion = teacher.getByTestId('class-item-statistics');
  await expect(perQuestion).toContainText('No graded attempt yet. 2 attempts awaiting grading are left out.');
  const questions = perQuestion.locator('tbody tr');
  await expect(questions).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    const question = questions.nth(i);
    await expect(question.getByTestId('facility')).toHaveText('—');
    await expect(question.getByTestId('awaiting-grading')).toHaveText((await question.textContent())?.includes(BASIC[0]!.front) ? '1' : '2');
  }
  const results = teacher.getByTestId('class-results');
  await expect(results.getByRole('link', { name: '2 attempts' })).toBeVisible();
  await results.getByRole('link', { name: '2 attempts' }).click();
  await teacher.waitForURL(`**/quiz-sets/${quizSetId}?class=${classId}#grading`);
  await expect(teacher.getByTestId('quiz-set-page')).toContainText('2 attempts have written answers to grade:');
  await grade(teacher, new URL(firstAttempt).pathname, '1');
  await grade(teacher, new URL(secondAttempt).pathname, '0');

  // The dashboard: the student's best score; then the set's item statistics for this class.
  await teacher.goto(classUrl);
  const rows = teacher.getByTestId('student-results').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Student');
  await expect(rows.first()).toContainText('100%');
  await expect(results.getByRole('link', { name: '2 attempts' })).toHaveCount(0);
  // Per question on the class page itself: the figures of this class's graded attempts, nothing left to grade.
  await expect(perQuestion).toContainText('From 2 graded attempts.');
  await expect(questions).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    await expect(questions.nth(i).getByTestId('responses')).toHaveText('2');
    await expect(questions.nth(i).getByTestId('facility')).toHaveText('50.0');
    await expect(questions.nth(i).getByTestId('discrimination')).toHaveText('100.0');
    await expect(questions.nth(i).getByTestId('awaiting-grading')).toHaveText('—');
  }
  await expect(perQuestion.locator('tbody tr[data-type="open"]')).toContainText(OPEN.question);
  await results.getByRole('link', { name: 'Week 1 check' }).click();
  await teacher.waitForURL(`**/quiz-sets/${quizSetId}?class=${classId}`);
  const stats = teacher.getByTestId('item-statistics');
  await expect(stats).toContainText('From 2 graded attempts.');
  const items = stats.locator('tbody tr');
  await expect(items).toHaveCount(4);
  // Every question: right in the first attempt, wrong (or left out) in the second → facility 50, and it separates the
  // attempts exactly as the rest of the test does → discrimination 100.
  for (let i = 0; i < 4; i++) {
    await expect(items.nth(i).getByTestId('facility')).toHaveText('50.0');
    await expect(items.nth(i).getByTestId('discrimination')).toHaveText('100.0');
  }
  await expect(stats.locator('tbody tr[data-type="open"]')).toContainText(OPEN.question);
  await teacher.screenshot({ path: testInfo.outputPath('item-statistics.png'), fullPage: true });

  // The student sees the marks and the instructor's comment.
  await student.goto(new URL(firstAttempt).pathname);
  await expect(student.getByTestId('attempt-score')).toHaveText('Score 4 / 4');
  const open = student.locator('li.quiz-item', { hasText: OPEN.question });
  await expect(open.locator('.quiz-mark')).toHaveText('mark 1');
  await expect(open.getByTestId('grader-comment')).toContainText(COMMENT);
  await student.goto(new URL(secondAttempt).pathname);
  await expect(student.getByTestId('attempt-score')).toHaveText('Score 0 / 4');

  // The student cannot open the dashboard's figures; the class page shows them only their own attempts.
  expect((await student.request.get(`/api/v1/classes/${classId}/item-statistics`)).status()).toBe(403);
  await student.goto(`/classes/${classId}`);
  await expect(student.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
  await expect(student.getByTestId('class-item-statistics')).toHaveCount(0);

  // The class page per question in Chinese, on a 390 px phone: the table scrolls inside its panel, the page does not.
  await teacher.context().addCookies([{ name: 'locale', value: 'zh', url: classUrl }]);
  await teacher.setViewportSize({ width: 390, height: 844 });
  await teacher.goto(classUrl);
  await expect(teacher.getByRole('heading', { name: '逐题统计' })).toBeVisible();
  const zh = teacher.getByTestId('class-item-statistics');
  await expect(zh).toContainText('基于 2 次已评分的作答。');
  await expect(zh.getByRole('columnheader', { name: '易度 %' })).toBeVisible();
  await expect(zh.getByRole('columnheader', { name: '待评分' })).toBeVisible();
  await expect(zh.locator('tbody tr').first().getByTestId('facility')).toHaveText('50.0');
  expect(await teacher.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await teacher.screenshot({ path: testInfo.outputPath('class-item-statistics-zh-390.png'), fullPage: true });
});
