import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CARD_TYPES } from '@recurrence/contracts';
import { formatDeckErrors, parseDeckSources } from './index';

describe('README example', () => {
  it('is a valid deck that uses every card type', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const sources = [...readme.matchAll(/```yaml\n# file: (\S+)\n([\s\S]*?)```/g)].map((m) => ({ file: m[1] ?? '', text: m[2] ?? '' }));
    expect(sources.map((s) => s.file)).toEqual(['deck.yaml', 'sections/01-rnn.yaml']);
    const r = parseDeckSources(sources);
    if (!r.ok) throw new Error(formatDeckErrors(r.errors));
    expect([...new Set(r.deck.cards.map((c) => c.type))].sort()).toEqual([...CARD_TYPES].sort());
  });
});
