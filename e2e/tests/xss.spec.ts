import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Script in every field a user can write — display names, deck titles and descriptions, every part of every note
 * type, class names and descriptions, quiz titles, a student's written answer, an instructor's comment — shown on
 * every page that shows it, to its author and to the other side of a class. Each payload carries a visible marker, so
 * the test first proves the field was rendered, then that nothing ran and nothing was injected: no element with an
 * event-handler attribute, no script the server did not put there, no Content-Security-Policy refusal (which would
 * mean markup got in and only the policy stopped it), no dialog, and no `window.__xss`.
 */
const payload = (marker: string) => `${marker} <img src=x onerror="window.__xss='${marker}'"><script>window.__xss='${marker}'</script>`;
/** Short enough for display names (80 characters). */
const shortPayload = (marker: string) => `${marker}<svg onload="window.__xss='${marker}'">`;
const PASSWORD = 'correct horse battery staple 7';

async function api(request: APIRequestContext, method: 'POST' | 'PUT', url: string, data?: unknown) {
  const res = method === 'POST' ? await request.post(url, { data: data ?? {} }) : await request.put(url, { data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

async function expectInert(page: Page, url: string, markers: string[]) {
  const refused: string[] = [];
  const dialogs: string[] = [];
  const onConsole = (m: { text(): string }) => void (/Content Security Policy/i.test(m.text()) && refused.push(m.text()));
  const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => void (dialogs.push(d.message()), d.dismiss());
  page.on('console', onConsole);
  page.on('dialog', onDialog);
  try {
    await page.goto(url);
    for (const marker of markers) await expect(page.getByText(marker).first(), `${marker} rendered on ${url}`).toBeAttached();
    const found = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: string }).__xss ?? null,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).map((e) => e.outerHTML.slice(0, 120)),
      // Next.js's own flight-data scripts carry the payload's text inside a JSON string; an injected one would be it.
      scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.trim().startsWith('window.__xss')).length,
    }));
    expect({ url, ...found, refused, dialogs }).toEqual({ url, xss: null, handlers: [], scripts: 0, refused: [], dialogs: [] });
  } finally {
    page.off('console', onConsole);
    page.off('dialog', onDialog);
  }
}

test('script written into any field shows as text and runs nowhere, for its author and for the other side of a class', async ({ browser }) => {
  test.setTimeout(360_000);
  const teacherContext = await browser.newContext();
  const studentContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  const student = await studentContext.newPage();
  await teacher.goto('/');
  await student.goto('/');

  await api(teacher.request, 'POST', '/api/v1/auth/sign-up', { email: 'xss-teacher@example.com', password: PASSWORD, displayName: shortPayload('XSS-TEACHER'), accountType: 'instructor' });
  await api(student.request, 'POST', '/api/v1/auth/sign-up', { email: 'xss-student@example.com', password: PASSWORD, displayName: shortPayload('XSS-STUDENT') });

  const deck = await api(teacher.request, 'POST', '/api/v1/decks', { title: { en: shortPayload('XSS-DECK') }, description: { en: payload('XSS-DESCRIPTION') } });
  const deckId: string = deck.id ?? deck.deck.id;
  const en = (marker: string) => ({ en: payload(marker) });
  await api(teacher.request, 'POST', `/api/v1/decks/${deckId}/notes`, {
    notes: [
      { type: 'basic', front: en('XSS-FRONT'), back: en('XSS-BACK') },
      { type: 'cloze', text: { en: `XSS-CLOZE {{c1::${shortPayload('XSS-DELETION')}::${shortPayload('XSS-HINT')}}} ${payload('XSS-CLOZE-REST')}` } },
      {
        type: 'multiple-choice',
        question: en('XSS-QUESTION'),
        choices: [
          { id: 'a', text: en('XSS-CHOICE-A'), correct: true, why: en('XSS-WHY-A') },
          { id: 'b', text: en('XSS-CHOICE-B'), correct: false, why: en('XSS-WHY-B') },
        ],
      },
      { type: 'numeric', question: en('XSS-NUMERIC'), answer: 2, tolerance: { absolute: 0 }, unit: shortPayload('XSS-UNIT'), explanation: en('XSS-EXPLANATION') },
      { type: 'open', question: en('XSS-OPEN'), modelAnswer: en('XSS-MODEL'), checklist: [en('XSS-CHECK-1'), en('XSS-CHECK-2')] },
    ],
  });

  const klass = await api(teacher.request, 'POST', '/api/v1/classes', { name: shortPayload('XSS-CLASS'), description: payload('XSS-CLASS-DESCRIPTION') });
  const quizSet = await api(teacher.request, 'POST', '/api/v1/quiz-sets', { deckId, title: shortPayload('XSS-QUIZ'), shuffleQuestions: false });
  await api(teacher.request, 'POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId: quizSet.id });
  await api(student.request, 'POST', '/api/v1/classes/join', { code: klass.joinCode });

  // The student answers in writing with script, and gets the multiple-choice question wrong.
  const attempt = await api(student.request, 'POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId: klass.id });
  const openSlot: number = attempt.questions.find((q: { front: { type: string } }) => q.front.type === 'open').slot;
  for (const q of attempt.questions as { slot: number; front: { type: string } }[]) {
    const answer =
      q.front.type === 'open' ? { kind: 'text', lang: 'en', text: payload('XSS-ANSWER') }
      : q.front.type === 'multiple-choice' ? { kind: 'choices', ids: ['b'] }
      : q.front.type === 'numeric' ? { kind: 'number', text: shortPayload('XSS-NUMBER') }
      : q.front.type === 'cloze' ? { kind: 'blanks', lang: 'en', texts: [shortPayload('XSS-BLANK')] }
      : { kind: 'text', lang: 'en', text: payload('XSS-TYPED') };
    await api(student.request, 'PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${q.slot}`, { answer });
  }
  await api(student.request, 'POST', `/api/v1/attempts/${attempt.attempt.id}/submit`);
  await api(teacher.request, 'PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${openSlot}/grade`, { mark: 0.5, comment: payload('XSS-COMMENT') });

  // The author's pages.
  await expectInert(teacher, '/decks', ['XSS-DECK']);
  await expectInert(teacher, `/decks/${encodeURIComponent(deckId)}`, ['XSS-FRONT', 'XSS-CLOZE', 'XSS-QUESTION', 'XSS-NUMERIC', 'XSS-OPEN']);
  await expectInert(teacher, `/classes/${klass.id}`, ['XSS-CLASS', 'XSS-STUDENT']);
  await expectInert(teacher, `/quiz-sets/${quizSet.id}`, ['XSS-QUIZ']);
  await expectInert(teacher, `/attempts/${attempt.attempt.id}`, ['XSS-ANSWER', 'XSS-COMMENT', 'XSS-STUDENT']);
  // The student's pages: the teacher's names and texts, their own answers and the comment.
  await expectInert(student, '/classes', ['XSS-CLASS']);
  await expectInert(student, `/classes/${klass.id}`, ['XSS-CLASS', 'XSS-QUIZ', 'XSS-TEACHER']);
  await expectInert(student, `/attempts/${attempt.attempt.id}`, ['XSS-ANSWER', 'XSS-COMMENT', 'XSS-MODEL']);
  await expectInert(student, '/settings', []);

  // Studying the deck (assigned for study): every card's front and, revealed, its back.
  await expectInert(student, `/study?deck=${encodeURIComponent(deckId)}`, ['XSS-']);
  for (let i = 0; i < 6; i++) {
    const front = student.locator('main');
    await expect(front).toContainText('XSS-');
    const reveal = student.getByRole('button', { name: /show answer|reveal/i });
    if (!(await reveal.isVisible())) break;
    await reveal.click();
    await expect(student.getByRole('button', { name: /\bGood\b/ })).toBeVisible();
    const found = await student.evaluate(() => ({
      xss: (window as unknown as { __xss?: string }).__xss ?? null,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    expect(found).toEqual({ xss: null, handlers: 0 });
    await student.getByRole('button', { name: /\bGood\b/ }).click();
  }
  await teacherContext.close();
  await studentContext.close();
});
