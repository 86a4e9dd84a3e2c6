'use client';

import { Fragment, lazy, Suspense } from 'react';
import { needsMarkdown, needsMaths, plainParagraphs } from './markdown-text';

export { CLOZE_HREF, clozeMarkdown } from './markdown-text';

// Loaded only for a text that needs them: react-markdown for Markdown, and KaTeX on top of it for maths.
const MarkdownRender = lazy(() => import('./markdown-render').then((m) => ({ default: m.MarkdownRender })));
const MarkdownMath = lazy(() => import('./markdown-math').then((m) => ({ default: m.MarkdownMath })));

/**
 * Card text: Markdown with $…$ / $$…$$ math. Raw HTML in the source is not rendered (react-markdown escapes it
 * unless rehype-raw is added, which it is not), so no script from card content can run. A plain text (most card
 * sentences) is rendered without loading a parser; Markdown loads react-markdown; maths loads KaTeX too. While that
 * code loads, the source shows as it is, so nothing goes blank.
 */
export function Markdown({ children }: { children: string }) {
  if (!needsMarkdown(children)) {
    return (
      <div className="markdown">
        {plainParagraphs(children).map((p, i) => (
          // react-markdown puts a line break between blocks: the same HTML either way.
          <Fragment key={i}>
            {i > 0 && '\n'}
            <p>{p}</p>
          </Fragment>
        ))}
      </div>
    );
  }
  return (
    <div className="markdown">
      <Suspense fallback={<p className="markdown-loading">{children}</p>}>
        {needsMaths(children) ? <MarkdownMath>{children}</MarkdownMath> : <MarkdownRender>{children}</MarkdownRender>}
      </Suspense>
    </div>
  );
}
