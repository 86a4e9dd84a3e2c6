import { parseCloze } from '@recurrence/contracts';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';
import { MarkdownMath } from './markdown-math';
import { MarkdownRender } from './markdown-render';
import { clozeMarkdown, needsMarkdown, needsMaths } from './markdown-text';

/** The full renderer (react-markdown with KaTeX), as a card with maths gets it. */
const render = (markdown: string) => renderToStaticMarkup(createElement(MarkdownMath, { children: markdown }));

describe('cloze rendering', () => {
  it('shows a blank and then the bold answer even between Chinese characters and punctuation', () => {
    const { segments } = parseCloze('新状态融合了{{c1::输入}}与{{c2::上一状态}}，且{{c3::每个时间步}}都复用同一组权重。');
    const blank = render(clozeMarkdown(segments, false));
    expect(blank).not.toContain('**');
    expect(blank.match(/<strong class="cloze">\[…\]<\/strong>/g)).toHaveLength(3);
    const answer = render(clozeMarkdown(segments, true));
    expect(answer).toContain('<strong class="cloze">每个时间步</strong>都复用');
  });

  it('keeps brackets, hints and math in deletions, and leaves ordinary links alone', () => {
    const { segments } = parseCloze('BERT puts {{c1::[CLS]::a token}} first; attention costs {{c2::$O(n^2)$}}. See [the paper](https://arxiv.org/abs/1810.04805).');
    expect(render(clozeMarkdown(segments, false))).toContain('<strong class="cloze">[a token]</strong>');
    const revealed = render(clozeMarkdown(segments, true));
    expect(revealed).toContain('<strong class="cloze">[CLS]</strong>');
    expect(revealed).toMatch(/<strong class="cloze"><span class="katex">/);
    expect(revealed).toContain('<a href="https://arxiv.org/abs/1810.04805">the paper</a>');
  });

  it('hides only the card\'s own deletion number, everywhere it occurs, and shows the other deletions as text', () => {
    const { segments } = parseCloze('The {{c1::forget}} gate and the {{c2::input::which?}} gate; the {{c1::forget}} gate again.');
    const second = render(clozeMarkdown(segments, false, 2));
    expect(second).toContain('The forget gate and the <strong class="cloze">[which?]</strong> gate; the forget gate again.');
    const first = render(clozeMarkdown(segments, false, 1));
    expect(first.match(/<strong class="cloze">\[…\]<\/strong>/g)).toHaveLength(2);
    expect(first).toContain('the input gate');
    expect(render(clozeMarkdown(segments, true, 1))).toContain('The <strong class="cloze">forget</strong> gate and the input gate');
  });
});

describe('loading the renderer only when a text needs it', () => {
  const plain = [
    'What limitation of feed-forward networks do recurrent neural networks remove?',
    'A feed-forward net\'s input and output sizes are fixed.\nAn RNN reads one element per step.\n\n  Second paragraph, 3.5 times longer (roughly).  ',
    '梯度在 100 步之后还剩多少？',
  ];
  const markdown = ['Use **bold** here', 'a_b', '- a list', '1. first', '# Title', '> quote', 'x < y', 'see [link](https://example.com)', 'code `x`', '    indented code', 'a\\b', 'line one\n===', 'Tom & Jerry', '![img](x.png)'];

  it.each(plain)('renders %j without a parser, exactly as react-markdown would', (text) => {
    expect(needsMarkdown(text)).toBe(false);
    const quick = renderToStaticMarkup(createElement(Markdown, { children: text }));
    const full = renderToStaticMarkup(createElement('div', { className: 'markdown' }, createElement(MarkdownRender, { children: text })));
    expect(quick).toBe(full);
  });

  it.each(markdown)('sends %j to react-markdown', (text) => {
    expect(needsMarkdown(text)).toBe(true);
  });

  it('loads KaTeX only for a text with a dollar sign', () => {
    expect(needsMaths('the gradient shrinks as $0.9^{99}$')).toBe(true);
    expect(needsMaths('**bold** only')).toBe(false);
  });
});
