import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGES, type Messages } from '.';

type Tree = { readonly [key: string]: string | Tree };

/** Every message as [dotted key, text]. */
function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flatten(v, `${prefix}${k}.`)));
}

/**
 * The argument names and tags of an ICU message: "count", "name", "<b>". Kinds may differ between languages (Chinese
 * needs no plural forms: `{count}` where English has `{count, plural, …}`).
 */
function signature(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    else if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) signature(option.value, into);
    } else if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      signature(e.children, into);
    }
  }
  return into;
}

const en = flatten(MESSAGES.en);
const zh = new Map(flatten(MESSAGES.zh as Tree));

/** Messages that are the same in Chinese: names of models and methods. Each must actually be identical. */
const SAME_IN_CHINESE = new Set(['labParams.options.architectures.lstm', 'labParams.options.architectures.gru', 'labParams.options.architectures.transformer']);

/** Messages that may be empty in Chinese: the space between words (Chinese writes none). */
const MAY_BE_EMPTY_IN_CHINESE = new Set(['figures.tokenSeparator']);

describe('interface messages', () => {
  it('has exactly the English keys in Chinese', () => {
    expect([...zh.keys()].sort()).toEqual(en.map(([k]) => k).sort());
  });

  it.each(en)('%s is translated', (key, english) => {
    const chinese = zh.get(key) ?? '';
    if (MAY_BE_EMPTY_IN_CHINESE.has(key)) return expect(chinese).toBe('');
    expect(chinese.trim()).not.toBe('');
    if (SAME_IN_CHINESE.has(key)) expect(chinese).toBe(english);
    else expect(chinese, `"${key}" is still English`).not.toBe(english);
  });

  it.each(en)('%s is valid ICU with the same arguments in both languages', (key, english) => {
    const parsed = { en: parse(english), zh: parse(zh.get(key) ?? '') };
    expect([...signature(parsed.zh)].sort()).toEqual([...signature(parsed.en)].sort());
    for (const locale of LOCALES) {
      for (const e of parsed[locale]) if (e.type === TYPE.plural) expect(Object.keys(e.options), `${locale} ${key}`).toContain('other');
    }
  });
});

describe('message files', () => {
  // Each area file contributes whole namespaces; two files defining one namespace would silently override each other.
  const files = { en: import.meta.glob<{ default: Tree }>('./en/*.ts', { eager: true }), zh: import.meta.glob<{ default: Tree }>('./zh/*.ts', { eager: true }) };

  it.each(LOCALES)('%s: every area file is merged, and no namespace is defined twice', (locale) => {
    const areas = Object.entries(files[locale]).filter(([path]) => !path.endsWith('/index.ts'));
    const namespaces = areas.flatMap(([, module]) => Object.keys(module.default));
    expect(new Set(namespaces).size, namespaces.join(', ')).toBe(namespaces.length);
    expect(Object.keys(MESSAGES[locale]).sort()).toEqual([...namespaces].sort());
  });

  it('has the same area files in both languages', () => {
    const names = (locale: 'en' | 'zh') => Object.keys(files[locale]).map((p) => p.replace(`./${locale}/`, '')).sort();
    expect(names('zh')).toEqual(names('en'));
  });
});

describe('plurals', () => {
  const en = createTranslator({ locale: 'en', messages: MESSAGES.en });
  const zh = createTranslator({ locale: 'zh', messages: MESSAGES.zh as Messages });

  it('says "1 card", "1 review", "1 step" in English, never "1 cards"', () => {
    expect(en('common.cardCount', { count: 1 })).toBe('1 card');
    expect(en('common.cardCount', { count: 72 })).toBe('72 cards');
    expect(en('stats.heatmapTooltip', { date: '2026-01-02', count: 1 })).toBe('2026-01-02: 1 review');
    expect(en('stats.heatmapTooltip', { date: '2026-01-02', count: 0 })).toBe('2026-01-02: no reviews');
    expect(en('result.steps', { steps: 1 })).toBe('1 step');
  });

  it('has no plural forms to get wrong in Chinese', () => {
    expect(zh('common.cardCount', { count: 1 })).toBe('1 张卡片');
    expect(zh('result.steps', { steps: 1 })).toBe('1 步');
  });
});
