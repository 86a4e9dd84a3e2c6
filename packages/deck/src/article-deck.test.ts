import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARD_TYPES, ZExperimentId, ZLabRunRequest, cardBack, cardFront, gradeNumeric, noteOrdinals, parseCloze, type TCard, type TDeck } from '@recurrence/contracts';
import { ARTICLE_SECTIONS, MAX_ANSWER_WORDS, answerTexts, answerWords, articleDeckDirectory, cardContentHash, evaluateExpression, formatDeckErrors, loadDeckDirectory, renderCorrectionsTable, renderCoverageTable } from './index';

let deck: TDeck;
let files: string[];

beforeAll(async () => {
  const r = await loadDeckDirectory(articleDeckDirectory);
  if (!r.ok) throw new Error(`article deck does not validate:\n${formatDeckErrors(r.errors)}`);
  deck = r.deck;
  files = r.files;
});

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

/** Every { en, zh } pair in a value, with its path. */
function localized(value: unknown, path = ''): { path: string; en: string; zh: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localized(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys === 'en,zh' && typeof o.en === 'string' && typeof o.zh === 'string') return [{ path, en: o.en, zh: o.zh }];
  return Object.entries(o).flatMap(([k, v]) => localized(v, path ? `${path}.${k}` : k));
}

const byType = <T extends TCard['type']>(type: T) => deck.cards.filter((c): c is Extract<TCard, { type: T }> => c.type === type);

describe('article deck', () => {
  it('validates and is large enough, with every card type', () => {
    expect(files[0]).toBe('deck.yaml');
    expect(deck.cards.length).toBeGreaterThanOrEqual(45);
    const counts = Object.fromEntries(CARD_TYPES.map((t) => [t, byType(t).length]));
    expect(counts.basic).toBeGreaterThanOrEqual(15);
    expect(counts.cloze).toBeGreaterThanOrEqual(8);
    expect(counts['multiple-choice']).toBeGreaterThanOrEqual(10);
    expect(counts.numeric).toBeGreaterThanOrEqual(4);
    expect(counts.open).toBeGreaterThanOrEqual(6);
  });

  // Issue 10: the minimum-information rule. Every block of answer text a card shows when revealed stays within
  // MAX_ANSWER_WORDS (40 English words; a Chinese character counts half, so 80 characters), the longer "why" behind the
  // `more` disclosure; the deck has at least 110 cards to study (notes → cards as study makes them); and every card's
  // front and back exist in both languages.
  it('keeps every answer short: at most 40 words (80 Chinese characters) outside `more` and `extra`', () => {
    const long: string[] = [];
    for (const note of deck.cards) {
      for (const a of answerTexts(note)) {
        for (const lang of ['en', 'zh'] as const) {
          const words = answerWords(a.text[lang]);
          if (words > MAX_ANSWER_WORDS) long.push(`${note.id}.${a.path}.${lang}: ${words} words`);
        }
      }
    }
    expect(long).toEqual([]);
  });

  it('makes at least 110 cards, each with its front and back in English and Chinese', () => {
    const cards = deck.cards.flatMap((note) => noteOrdinals(note).map((ordinal) => ({ note, ordinal })));
    expect(cards.length).toBeGreaterThanOrEqual(110);
    for (const { note, ordinal } of cards) {
      const sides = localized({ front: cardFront(note, ordinal), back: cardBack(note, ordinal) }, `${note.id}#${ordinal}`);
      expect(sides.length, `${note.id}#${ordinal}`).toBeGreaterThanOrEqual(1);
      for (const t of sides) {
        expect(t.en.trim(), `${t.path}.en`).not.toBe('');
        expect(t.zh.match(CJK)?.length ?? 0, `${t.path}.zh has no Chinese`).toBeGreaterThan(0);
      }
    }
  });

  // A cloze note whose deletions reveal one another teaches nothing on some of its cards; the review found these.
  it('groups cloze deletions that give each other away under one number', () => {
    const numbers = (id: string) => {
      const c = byType('cloze').find((x) => x.id === id);
      if (!c) throw new Error(`no cloze ${id}`);
      return parseCloze(c.text.en).numbers.length;
    };
    // sigmoid ↔ (0, 1), tanh ↔ (−1, 1); O(1) sequential ↔ O(1) path; Post-LN ↔ Pre-LN formula; softmax ↔ sums to 1.
    expect(numbers('lstm-gate-activations')).toBe(2);
    expect(numbers('layer-complexity-table')).toBe(2);
    expect(numbers('pre-post-ln-formulas')).toBe(3);
    expect(numbers('attention-weights-softmax')).toBe(3);
    // An RNN's constant state ↔ the KV cache that grows: each half of the contrast gives the other away.
    expect(numbers('rnn-inference-state')).toBe(1);
    for (const c of byType('cloze')) expect(parseCloze(c.text.en).numbers.length, c.id).toBeLessThanOrEqual(3);
  });

  it('has unique ids and unique content hashes', () => {
    expect(new Set(deck.cards.map((c) => c.id)).size).toBe(deck.cards.length);
    expect(new Set(deck.cards.map(cardContentHash)).size).toBe(deck.cards.length);
  });

  it('declares exactly the article sections, each covered by at least one card', () => {
    expect(deck.sections.map((s) => s.id)).toEqual(ARTICLE_SECTIONS.map((s) => s.id));
    const known = new Set(ARTICLE_SECTIONS.map((s) => s.id));
    for (const c of deck.cards) expect(known.has(c.section), `${c.id}: section ${c.section}`).toBe(true);
    for (const s of ARTICLE_SECTIONS) expect(deck.cards.filter((c) => c.section === s.id).length, s.id).toBeGreaterThanOrEqual(1);
  });

  it('has every localized field in both languages: zh contains Chinese, en is not mostly Chinese', () => {
    const fields = [
      ...localized({ title: deck.title, description: deck.description, sections: deck.sections }),
      ...deck.cards.flatMap((c) => localized(c, c.id)),
    ];
    expect(fields.length).toBeGreaterThan(deck.cards.length * 2);
    for (const f of fields) {
      expect(f.en.trim(), `${f.path}.en`).not.toBe('');
      expect(f.zh.trim(), `${f.path}.zh`).not.toBe('');
      expect(f.zh.match(CJK)?.length ?? 0, `${f.path}.zh has no Chinese`).toBeGreaterThan(0);
      const nonSpace = f.en.replace(/\s/g, '').length;
      expect((f.en.match(CJK)?.length ?? 0) / nonSpace, `${f.path}.en is mostly Chinese`).toBeLessThan(0.5);
    }
  });

  it('has well-formed cloze cards: ≥1 deletion, same numbers in both languages', () => {
    for (const c of byType('cloze')) {
      const en = parseCloze(c.text.en);
      const zh = parseCloze(c.text.zh);
      expect([...en.problems, ...zh.problems], c.id).toEqual([]);
      expect(en.numbers.length, c.id).toBeGreaterThanOrEqual(1);
      expect(zh.numbers, c.id).toEqual(en.numbers);
      // numbered from 1 without gaps
      expect(en.numbers, c.id).toEqual(en.numbers.map((_, i) => i + 1));
    }
  });

  it('has well-formed multiple-choice cards: ≥1 correct, ≥1 distractor, a reason for every choice', () => {
    for (const c of byType('multiple-choice')) {
      expect(c.choices.length, c.id).toBeGreaterThanOrEqual(3);
      expect(c.choices.some((x) => x.correct), c.id).toBe(true);
      expect(c.choices.some((x) => !x.correct), c.id).toBe(true);
      expect(new Set(c.choices.map((x) => x.id)).size, c.id).toBe(c.choices.length);
      for (const x of c.choices) {
        expect(x.why.en.trim().length, `${c.id}/${x.id}`).toBeGreaterThan(10);
        expect(x.why.zh.trim().length, `${c.id}/${x.id}`).toBeGreaterThan(5);
      }
    }
  });

  it('computes every numeric answer from its expression (never typed in)', () => {
    const numeric = byType('numeric');
    for (const c of numeric) {
      expect(c.expression, `${c.id} needs an expression`).toBeDefined();
      const computed = evaluateExpression(c.expression ?? '');
      expect(gradeNumeric(c, computed).correct, `${c.id}: ${c.expression} = ${computed}, card says ${c.answer}`).toBe(true);
    }
    // Independent cross-check of the expressions themselves, computed directly in the test.
    const direct: Record<string, number> = {
      'rnn-vanishing-0-9-pow-100': 0.9 ** 100,
      'rnn-exploding-1-1-pow-100': 1.1 ** 100,
      'lstm-forget-0-99-pow-300': 0.99 ** 300,
      'lstm-parameter-count': 4 * (256 * (128 + 256) + 256),
      'attention-dot-product-std': Math.sqrt(64),
      'attention-score-matrix-memory': (4096 * 4096 * 4) / (1024 * 1024),
      'cnn-receptive-field-layers': (101 - 1) / (3 - 1),
      'gru-parameter-count': 3 * (256 * (128 + 256) + 256),
      'transformer-params-per-layer': 4 * 4096 ** 2 + 2 * 4096 * (4 * 4096),
      'gpt3-parameter-estimate': 96 * (4 * 12288 ** 2 + 8 * 12288 ** 2),
      'training-flops-6nd': 6 * 7e9 * 2e12,
      'kv-cache-size-mha': (2 * 32 * 4096 * 2) / 1024,
      'kv-cache-size-gqa': (2 * 80 * 8 * 128 * 2) / 1024,
      'noam-peak-learning-rate': 512 ** -0.5 * Math.min(4000 ** -0.5, 4000 * 4000 ** -1.5),
      'cnn-output-size-resnet-stem': Math.floor((224 + 2 * 3 - 7) / 2) + 1,
      'cnn-receptive-field-stride': 1 + (3 - 1) * 1 + (3 - 1) * 1 + (3 - 1) * 2,
      'cnn-receptive-field-dilation': 1 + 1 * (3 - 1) + 2 * (3 - 1) + 4 * (3 - 1),
      'cnn-bottleneck-weights': 1 * 1 * 256 * 64 + 3 * 3 * 64 * 64 + 1 * 1 * 64 * 256,
    };
    expect(numeric.map((c) => c.id).sort()).toEqual(Object.keys(direct).sort());
    for (const c of numeric) {
      const expected = direct[c.id] ?? Number.NaN;
      expect(evaluateExpression(c.expression ?? ''), c.id).toBeCloseTo(expected, 10);
      expect(gradeNumeric(c, expected).correct, c.id).toBe(true);
    }
  });

  // A value rounded the way other cards (and any interviewer) round it is a right answer: 0.9^100 = 2.66e-5 is taught
  // as "about 2.7e-5", 0.99^300 = 0.049 as "about 5 %". A wrong order of magnitude or a clearly wrong value is not.
  it('accepts the rounded values the deck itself teaches, and rejects wrong ones', () => {
    const card = (id: string) => {
      const c = byType('numeric').find((x) => x.id === id);
      if (!c) throw new Error(`no numeric card ${id}`);
      return c;
    };
    const accepts: [string, number[], number[]][] = [
      ['rnn-vanishing-0-9-pow-100', [2.7e-5, 2.66e-5, 2.6e-5], [3e-5, 2.6e-6, 2.5e-5]],
      ['rnn-exploding-1-1-pow-100', [1.4e4, 1.38e4, 13780], [1.5e4, 1.1e4, 1.3e4]],
      ['lstm-forget-0-99-pow-300', [0.05, 0.049], [0.06, 0.04, 0.005]],
    ];
    for (const [id, right, wrong] of accepts) {
      for (const v of right) expect(gradeNumeric(card(id), v).correct, `${id} should accept ${v}`).toBe(true);
      for (const v of wrong) expect(gradeNumeric(card(id), v).correct, `${id} should reject ${v}`).toBe(false);
    }
    // No relative tolerance is wider than 5 %.
    for (const c of byType('numeric')) if ('relative' in c.tolerance) expect(c.tolerance.relative, c.id).toBeLessThanOrEqual(0.05);
  });

  // The lab's gradient-flow reference curve is γ^(T−1−t): over T positions the first token is T−1 steps from the loss.
  it('shows the same power in the worked answer as in the question of the 0.9^100 card', () => {
    const c = byType('numeric').find((x) => x.id === 'rnn-vanishing-0-9-pow-100');
    expect(c?.expression).toBe('0.9^100');
    expect(c?.experiment?.id).toBe('gradient-flow');
    expect(Number(c?.experiment?.params?.seqLen) - 1).toBe(100);
  });

  // Shown text length, roughly as rendered: a LaTeX command counts as one character, braces and dollars as none.
  const shownLength = (t: string) => t.replace(/\\[a-zA-Z]+/g, 'x').replace(/[{}$^_\\]/g, '').length;

  it('has plausible distractors: the right choice is not the tell-tale longest, and multi-select answers vary', () => {
    const single = byType('multiple-choice').filter((c) => c.choices.filter((x) => x.correct).length === 1);
    // In each language: a Chinese learner sees the Chinese choices, whose lengths need not follow the English ones.
    for (const lang of ['en', 'zh'] as const) {
      const longestIsRight = single.filter((c) => {
        const lengths = c.choices.map((x) => shownLength(x.text[lang]));
        const right = c.choices.findIndex((x) => x.correct);
        return lengths.every((l, i) => i === right || l < (lengths[right] ?? 0));
      });
      expect(longestIsRight.length, `${lang}: right choice strictly longest in ${longestIsRight.map((c) => c.id).join(', ')}`).toBeLessThanOrEqual(Math.floor(single.length / 4));
      for (const c of single) {
        // No distractor is a throw-away: each is at least 40 % as long as the right choice.
        const right = shownLength(c.choices.find((x) => x.correct)?.text[lang] ?? '');
        for (const x of c.choices) expect(shownLength(x.text[lang]) / right, `${c.id}/${x.id}.${lang} is much shorter than the answer`).toBeGreaterThanOrEqual(0.4);
      }
    }
    const multi = byType('multiple-choice').filter((c) => c.choices.filter((x) => x.correct).length > 1);
    expect(multi.length).toBeGreaterThanOrEqual(3);
    const sets = multi.map((c) => c.choices.filter((x) => x.correct).map((x) => x.id).sort().join(','));
    const sizes = multi.map((c) => `${c.choices.filter((x) => x.correct).length}/${c.choices.length}`);
    expect(new Set(sets).size, `correct sets: ${sets.join(' | ')}`).toBeGreaterThan(1);
    expect(sets.every((s) => s === 'a,b'), 'every multi-select card is {a, b}').toBe(false);
    expect(new Set(sizes).size, `multi-select shapes: ${sizes.join(' ')}`).toBeGreaterThan(1);
  });

  // Errata the deck review found in the deck's own cards (issue 10). Each entry: the card, what must no longer be said,
  // and what the fixed card says.
  it('has the reviewed errata fixed', () => {
    const text = (id: string) => {
      const c = deck.cards.find((x) => x.id === id);
      if (!c) throw new Error(`no card ${id}`);
      return JSON.stringify(c);
    };
    const errata: [string, RegExp | null, RegExp][] = [
      // The T = 300 run trains an RNN and an LSTM, not a Transformer; LSTMs can learn long lags, not reliably.
      ['lstm-mitigates-not-solves', /reliably learn|Transformer\./, /RNN and an LSTM/],
      // Over-parameterised nets reach near-zero training loss and generalise (Zhang et al. 2017).
      ['cnn-local-optima', /neither feasible nor desirable/, /Zhang et al\. \(2017\)/],
      // σ′ ≤ 1/4 bounds only the activation factor; the per-step factor is σ′·w.
      ['rnn-activation-derivative-bounds', /four-fold/, /\\\\sigma' \\\\cdot w/],
      // A feed-forward net can map n inputs to m outputs; it cannot vary the lengths per example.
      ['rnn-variable-length-sequences', /cannot produce a number of outputs/, /varies from example to example/],
      // Plain RoPE degrades past the trained length; ALiBi extrapolates.
      ['pe-families-compare', /both encode relative position directly and extend/, /Plain RoPE degrades past the trained length/],
      // Post-LN gradient norms grow with the layer index at initialisation.
      ['post-ln-vs-pre-ln', null, /grow with layer index/],
      ['layernorm-placement-xiong', null, /grow with layer index/],
      // Why the lab's LSTM shows a tiny ratio: forget gates start near σ(1) ≈ 0.73.
      ['lstm-cell-path-jacobian', null, /\\\\sigma\(1\) \\\\approx 0\.73/],
      // The model answer covers the KV cache its checklist asks for.
      ['lstm-vs-transformer-compare', null, /KV cache/],
      // Equivariance is Goodfellow et al. section 9.2.
      ['cnn-invariance', /9\.3–9\.4/, /section 9\.2/],
    ];
    for (const [id, gone, present] of errata) {
      if (gone) expect(text(id), `${id} still says ${gone}`).not.toMatch(gone);
      expect(text(id), `${id} should say ${present}`).toMatch(present);
    }
    const kv = deck.cards.find((c) => c.id === 'lstm-vs-transformer-compare');
    expect(kv?.type === 'open' && JSON.stringify([kv.modelAnswer, kv.more])).toMatch(/KV cache/);
    const t300 = deck.cards.find((c) => c.id === 'lstm-mitigates-not-solves');
    expect(t300?.experiment?.params?.architectures).toEqual(['rnn', 'lstm']);
  });

  it('names lab experiments where the lab illustrates the card, and every experiment is used', () => {
    const used = new Set(deck.cards.flatMap((c) => (c.experiment ? [c.experiment.id] : [])));
    expect([...used].sort()).toEqual([...ZExperimentId.options].sort());
    for (const c of deck.cards) {
      const text = JSON.stringify(c);
      if (/the lab's|实验室/.test(text)) expect(c.experiment, `${c.id} mentions the lab but names no experiment`).toBeDefined();
    }
    // The params are run parameters of the lab as they stand: the API runs ZLabRunRequest with them as-is, and
    // zod would silently drop a misspelt key, so every key must survive parsing.
    for (const c of deck.cards) {
      if (!c.experiment) continue;
      const params = c.experiment.params ?? {};
      const r = ZLabRunRequest.safeParse({ experiment: c.experiment.id, params, seed: 0 });
      expect(r.success, `${c.id}: ${r.error?.message ?? ''}`).toBe(true);
      const parsed = (r.data?.params ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(params)) expect(parsed[k], `${c.id}: params.${k}`).toEqual(v);
    }
    const lstmLimits = deck.cards.filter((c) => c.section === 'lstm-limits' && c.experiment?.id === 'gradient-flow');
    expect(lstmLimits.length).toBeGreaterThan(0);
    for (const c of lstmLimits) expect(c.experiment?.params?.seqLen, c.id).toBe(300);
  });

  it('corrects the article where it is wrong, with references', () => {
    const withCorrection = deck.cards.filter((c) => c.correction);
    expect(withCorrection.length).toBeGreaterThanOrEqual(8);
    for (const id of [
      'lstm-cell-path-jacobian', // "mostly linear matrix transforms" on the cell path
      'lstm-transfer-learning', // "LSTMs cannot do transfer learning"
      'transformer-weaknesses', // the empty weakness (1)
      'post-ln-vs-pre-ln', // layer norm "causes vanishing gradients at the top"
      'rnn-activation-derivative-bounds', // "activation derivative ≤ 1"
    ]) {
      const c = deck.cards.find((x) => x.id === id);
      expect(c?.correction, id).toBeDefined();
      expect(c?.correction?.references.length, id).toBeGreaterThan(0);
    }
    const transfer = deck.cards.find((c) => c.id === 'lstm-transfer-learning');
    expect(JSON.stringify(transfer?.correction)).toMatch(/ELMo/);
    expect(JSON.stringify(transfer?.correction)).toMatch(/ULMFiT/);
    const ln = deck.cards.find((c) => c.id === 'post-ln-vs-pre-ln');
    expect(ln?.correction?.references.join(' ')).toMatch(/Xiong et al\. \(2020\)/);
  });

  // The article's sentences must not be copied: apart from the quoted "article says" claims, no card's Chinese
  // text shares a run of 10 consecutive Chinese characters with the article (punctuation, spaces and Latin ignored).
  const articlePath = fileURLToPath(new URL('../../../../shared/seed/000_72197e987711bc47.txt', import.meta.url));
  it.skipIf(!existsSync(articlePath))('is written in its own words', () => {
    const norm = (s: string) => (s.match(CJK) ?? []).join('');
    const article = norm(readFileSync(articlePath, 'utf8'));
    const N = 10;
    const grams = new Set<string>();
    for (let i = 0; i + N <= article.length; i += 1) grams.add(article.slice(i, i + N));
    const hits: string[] = [];
    for (const c of deck.cards) {
      const { correction, ...rest } = c;
      const texts = [...localized(rest, c.id), ...localized(correction ? { precisely: correction.precisely } : {}, `${c.id}.correction`)];
      for (const t of texts) {
        const zh = norm(t.zh);
        for (let i = 0; i + N <= zh.length; i += 1) {
          const g = zh.slice(i, i + N);
          if (grams.has(g)) {
            hits.push(`${t.path}: ${g}`);
            break;
          }
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('has an up-to-date coverage table and corrections table in README.md', () => {
    const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
    const blocks: [string, string][] = [
      ['coverage', renderCoverageTable(deck)],
      ['corrections', renderCorrectionsTable(deck)],
    ];
    for (const [name, table] of blocks) {
      const readme = readFileSync(readmePath, 'utf8');
      const start = `<!-- ${name}:start -->`;
      const end = `<!-- ${name}:end -->`;
      const i = readme.indexOf(start);
      const j = readme.indexOf(end);
      expect(i, `README.md needs ${name} markers`).toBeGreaterThanOrEqual(0);
      expect(j).toBeGreaterThan(i);
      const current = readme.slice(i + start.length, j).trim();
      if (current !== table && process.env.UPDATE_DECK_README === '1') {
        writeFileSync(readmePath, `${readme.slice(0, i + start.length)}\n${table}\n${readme.slice(j)}`);
        continue;
      }
      expect(current, `run \`npm run coverage:update -w @recurrence/deck\` to refresh the ${name} table`).toBe(table);
    }
    // Every corrected note is in the table, with its references.
    for (const note of deck.cards.filter((c) => c.correction)) expect(renderCorrectionsTable(deck)).toContain(`| \`${note.id}\` |`);
  });
});
