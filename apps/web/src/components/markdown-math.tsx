import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { MarkdownRender } from './markdown-render';

/** Markdown with $…$ / $$…$$ maths through KaTeX; loaded only when a text has a dollar sign in it. */
export function MarkdownMath({ children }: { children: string }) {
  return (
    <MarkdownRender remarkPlugins={[remarkMath]} rehypePlugins={[[rehypeKatex, { throwOnError: false, strict: 'ignore' }]]}>
      {children}
    </MarkdownRender>
  );
}
