import { expect as baseExpect, test, type Page } from '@playwright/test';

// Saving navigates through a server render, slow on a loaded machine: each check waits up to 20 s.
const expect = baseExpect.configure({ timeout: 20_000 });

const password = 'correct horse battery staple';

// Each test signs up (the password is scored in a worker) and walks a whole authoring session: more than the default
// minute on a loaded machine.
test.describe.configure({ timeout: 240_000 });

async function signUp(page: Page, email: string) {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(email, { timeout: 60_000 }); // sign-up scores the password in a worker
}

/** Selects `words` in the focused textarea (its first occurrence). */
async function select(page: Page, field: ReturnType<Page['getByLabel']>, words: string) {
  await field.evaluate((el: HTMLTextAreaElement, w) => {
    const start = el.value.indexOf(w);
    el.focus();
    el.setSelectionRange(start, start + w.length);
  }, words);
}

/** No part of the page is wider than the window (nothing to scroll sideways). */
async function expectNoHorizontalOverflow(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

test('a student makes a deck, writes a cloze note with two deletions from the keyboard, previews it and studies one card per deletion', async ({ page }, testInfo) => {
  await signUp(page, `author.${Date.now()}@example.com`);

  // A new deck from the deck list, saved with Ctrl+Enter.
  await page.goto('/decks');
  await page.getByRole('button', { name: 'New deck' }).click();
  await page.getByLabel('Name').fill('Recurrent networks');
  await page.getByLabel('Description (optional)').fill('Gates and gradients');
  await expect(page.getByRole('button', { name: 'Create deck' })).toHaveAttribute('aria-keyshortcuts', /Control\+Enter/);
  await page.getByLabel('Description (optional)').press('Control+Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recurrent networks');
  const deckId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);

  await page.getByRole('link', { name: /Add note/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Add note');
  await page.getByLabel('Note type').selectOption('cloze');
  const text = page.getByLabel('Text', { exact: true });

  // Without a deletion the API refuses the note (400 naming body.notes.0.text.en); the form says so under the text.
  await text.fill('An LSTM has three gates.');
  await text.press('Control+Enter');
  const textField = page.locator('[data-field="text"]');
  await expect(textField.locator('.field-error')).toHaveText('Add a cloze deletion: {{c1::…}}.');
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'The note was not saved' })).toBeVisible();

  // Ctrl+Shift+C makes the selection the next deletion, as in Anki.
  await expect(page.getByRole('button', { name: 'Cloze deletion […]' })).toHaveAttribute('aria-keyshortcuts', /Control\+Shift\+C/);
  await select(page, text, 'LSTM');
  await page.keyboard.press('Control+Shift+C');
  await select(page, text, 'three');
  await page.keyboard.press('Control+Shift+C');
  await expect(text).toHaveValue('An {{c1::LSTM}} has {{c2::three}} gates.');
  await expect(page.getByTestId('cloze-cards')).toHaveText('Makes 2 cards: c1, c2.');

  // The live preview draws each card as the study screen does: card 1 hides LSTM and shows three, card 2 the reverse.
  const previews = page.getByTestId('preview-card');
  await expect(previews).toHaveCount(2);
  await expect(previews.nth(0).locator('article.card').first().locator('strong.cloze')).toHaveText('[…]');
  await expect(previews.nth(0).locator('article.card').first()).toContainText('three gates');
  await expect(previews.nth(1).locator('article.card').first()).toContainText('An LSTM has');
  await expect(previews.nth(0).locator('article.card').nth(1).locator('strong.cloze')).toHaveText('LSTM');
  await page.getByLabel('Tags').fill('rnn LSTM');
  await page.screenshot({ path: testInfo.outputPath('editor-cloze-desktop.png'), fullPage: true });

  await text.press('Control+Enter');
  await expect(page.getByTestId('editor-status')).toHaveText(/^Added: 2 cards\./);
  await expect(text).toHaveValue(''); // ready for the next note, type and tags kept
  await expect(page.getByLabel('Tags')).toHaveValue('rnn LSTM');
  await expect(page.locator('.field-error')).toHaveCount(0);

  // Studying the deck: one card per deletion, of the same note, each hiding its own deletion.
  await page.goto(`/study?deck=${encodeURIComponent(deckId)}`);
  const card = page.locator('article.card');
  await expect(card).toHaveAttribute('data-card-type', 'cloze');
  await expect(card).toHaveAttribute('data-ordinal', '1');
  const noteId = await card.getAttribute('data-note-id');
  await expect(card.locator('strong.cloze')).toHaveText('[…]');
  await expect(card).toContainText('three');
  // The card comes with the page; its keys work once the page's code runs (the study section stops being busy).
  await expect(page.locator('section.study')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('Space');
  await expect(card.locator('strong.cloze')).toHaveText('LSTM');
  await page.keyboard.press('4');
  await expect(card).toHaveAttribute('data-ordinal', '2');
  await expect(card).toHaveAttribute('data-note-id', noteId!);
  await expect(card).toContainText('LSTM');
  await expect(card.locator('strong.cloze')).toHaveText('[…]');
  await page.keyboard.press('Space');
  await expect(card.locator('strong.cloze')).toHaveText('three');
  await page.keyboard.press('4');

  // Editing the note away from c2 says that card leaves the deck with its reviews kept; saving keeps c1's card.
  await page.goto(`/decks/${encodeURIComponent(deckId)}`);
  await page.locator('.browse-row').first().getByRole('link', { name: /^Edit/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit note');
  await expect(text).toHaveValue('An {{c1::LSTM}} has {{c2::three}} gates.');
  await text.fill('An {{c1::LSTM}} has three gates.');
  await expect(page.getByTestId('removes-cards')).toContainText('Saving takes a card out of the deck: c2. Its reviews are kept');
  await text.press('Control+Enter');
  await expect(page.getByTestId('editor-status')).toHaveText(/^Saved: 1 card kept, 1 taken out\./);
  await expect(page.getByTestId('removes-cards')).toHaveCount(0);
  const note = await (await page.request.get(`/api/v1/notes/${encodeURIComponent(noteId!)}`)).json();
  expect(note.cards.map((c: { ordinal: number }) => c.ordinal)).toEqual([1]);
  expect(note.tags).toEqual(['rnn', 'lstm']);
});

test('a student edits a basic note and deletes another; the editor fits a phone and Escape asks before throwing text away', async ({ page }, testInfo) => {
  await signUp(page, `editor.${Date.now()}@example.com`);
  const created = await page.request.post('/api/v1/decks', { data: { title: { en: 'Vocabulary' } } });
  expect(created.status()).toBe(201);
  const deckId: string = (await created.json()).id;

  await page.goto(`/decks/${encodeURIComponent(deckId)}/notes/new`);
  for (const [front, back] of [
    ['gradient', 'the vector of partial derivatives'],
    ['epoch', 'one pass over the training data'],
  ]) {
    await page.getByLabel('Front', { exact: true }).fill(front!);
    await page.getByLabel('Back', { exact: true }).fill(back!);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('editor-status')).toHaveText(/^Added: 1 card\./);
  }
  // Escape with nothing written goes back to the deck.
  await page.getByLabel('Front', { exact: true }).press('Escape');
  await expect(page).toHaveURL(new RegExp(`/decks/${deckId}$`));
  const rows = page.locator('.browse-row');
  await expect(rows).toHaveCount(2);

  // Edit the epoch note at phone size: nothing overflows sideways, and the preview follows the typing.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalOverflow(page);
  await rows.filter({ hasText: 'epoch' }).getByRole('link', { name: /^Edit/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit note');
  const back = page.getByLabel('Back', { exact: true });
  await expect(back).toHaveValue('one pass over the training data');
  await back.fill('one pass over **all** the training data');
  await expect(page.getByTestId('preview-card').locator('article.card').nth(1).locator('strong')).toHaveText('all');
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: testInfo.outputPath('editor-basic-390.png'), fullPage: true });

  // Escape with a change asks first; a second Escape discards it.
  await back.press('Escape');
  await expect(page.getByRole('alertdialog')).toContainText('Discard what you wrote?');
  await page.getByRole('button', { name: 'Keep writing' }).click();
  await expect(page).toHaveURL(/\/notes\//);
  await back.press('Control+Enter');
  await expect(page.getByTestId('editor-status')).toHaveText(/^Saved: 1 card kept\./);
  await page.getByRole('link', { name: 'Back to the deck' }).click();
  await expect(rows.filter({ hasText: 'epoch' })).toContainText('epoch');
  const epochNote = await rows.filter({ hasText: 'epoch' }).getAttribute('data-note-id');
  const stored = await (await page.request.get(`/api/v1/notes/${encodeURIComponent(epochNote!)}`)).json();
  expect(stored.content.back).toEqual({ en: 'one pass over **all** the training data', zh: 'one pass over **all** the training data' });

  // Delete the gradient note, after confirming.
  await page.setViewportSize({ width: 1280, height: 800 });
  const gradient = rows.filter({ hasText: 'gradient' });
  await gradient.getByRole('button', { name: /^Delete/ }).click();
  await expect(gradient.getByRole('alertdialog')).toContainText('Delete this note and its card?');
  await gradient.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('epoch');
  const notes = await (await page.request.get(`/api/v1/decks/${encodeURIComponent(deckId)}/notes`)).json();
  expect(notes.notes.map((n: { content: { front: { en: string } } }) => n.content.front.en)).toEqual(['epoch']);
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the API’s 400 is said in Chinese under the field it names', async ({ page }) => {
    expect((await page.request.post('/api/v1/auth/sign-up', { data: { email: `zh.${Date.now()}@example.com`, password } })).status()).toBe(201);
    const created = await page.request.post('/api/v1/decks', { data: { title: { zh: '我的卡组' } } });
    const deckId: string = (await created.json()).id;
    await page.goto(`/decks/${encodeURIComponent(deckId)}/notes/new`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('添加笔记');
    await page.getByLabel('笔记类型').selectOption('numeric');
    await page.getByRole('textbox', { name: '问题', exact: true }).fill('一个 LSTM 单元有几个门？');
    await page.getByRole('textbox', { name: '答案', exact: true }).fill('三个');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await expect(page.locator('.field-error')).toHaveText('请输入数字，例如 42、0.5 或 2.7e-5。');
    await expect(page.getByRole('textbox', { name: '答案', exact: true })).toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('textbox', { name: '答案', exact: true }).fill('3');
    await page.getByRole('textbox', { name: '答案', exact: true }).press('Control+Enter');
    await expect(page.getByTestId('editor-status')).toHaveText(/^已添加：1 张卡片。/);
  });
});
