import type { TCard, TLocalizedText } from '@recurrence/contracts';

/**
 * How long an answer is, for the minimum-information rule (one fact per card, a short back; the longer "why" goes in
 * `more`). One number for both languages:
 *
 * - every run of Latin letters and digits is one word (`don't`, `Pre-LN`, `1e-6`, `2.66` count once each);
 * - every CJK character is half a word, so 80 Chinese characters weigh as much as 40 English words (a Chinese
 *   character carries about half of what an English word does; translations in this deck run at about 2 characters
 *   per English word);
 * - a formula (`$…$` or `$$…$$`) is one word, whatever its length: it is read as one unit;
 * - Markdown punctuation, list markers and emphasis count nothing.
 */
export function answerWords(text: string): number {
  let words = 0;
  const rest = text.replace(/\$\$[\s\S]*?\$\$|\$(?:\\\$|[^$])+\$/g, () => {
    words += 1;
    return ' ';
  });
  const cjk = rest.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  const latin = rest.match(/[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*/g)?.length ?? 0;
  return words + latin + cjk / 2;
}

/** Longest answer text a card of the article deck may show outside its disclosure (`more`) or `extra`. */
export const MAX_ANSWER_WORDS = 40;

export interface TAnswerText {
  /** Where the text is in the note, e.g. `back`, `choices[2].why`, `modelAnswer`. */
  path: string;
  text: TLocalizedText;
}

/**
 * Every block of answer text a note's cards show when revealed, outside the `more` disclosure: the back of a basic
 * note (the front too when it is reversed, since the reversed card answers with it), the text of a cloze note (shown
 * whole on its back), each choice and its reason and the explanation of a multiple-choice note, the explanation of a
 * numeric note, the model answer and each checklist point of an open note, and the "precisely" of a correction.
 * Left out: `more` (behind a disclosure), a cloze's `extra`, the article's quoted claim (`correction.articleSays`),
 * experiment captions and the questions themselves.
 */
export function answerTexts(note: TCard): TAnswerText[] {
  const out: TAnswerText[] = [];
  switch (note.type) {
    case 'basic':
      out.push({ path: 'back', text: note.back });
      if (note.reverse) out.push({ path: 'front', text: note.front });
      break;
    case 'cloze':
      out.push({ path: 'text', text: note.text });
      break;
    case 'multiple-choice':
      note.choices.forEach((c, i) => {
        out.push({ path: `choices[${i}].text`, text: c.text });
        out.push({ path: `choices[${i}].why`, text: c.why });
      });
      if (note.explanation) out.push({ path: 'explanation', text: note.explanation });
      break;
    case 'numeric':
      if (note.explanation) out.push({ path: 'explanation', text: note.explanation });
      break;
    case 'open':
      out.push({ path: 'modelAnswer', text: note.modelAnswer });
      note.checklist.forEach((c, i) => out.push({ path: `checklist[${i}]`, text: c }));
      break;
  }
  if (note.correction) out.push({ path: 'correction.precisely', text: note.correction.precisely });
  return out;
}
