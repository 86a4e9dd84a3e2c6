import ReactMarkdown from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';

/**
 * Card text: Markdown with $…$ / $$…$$ math. Raw HTML in the source is not rendered (react-markdown escapes it
 * unless rehype-raw is added, which it is not), so no script from card content can run.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkMath]} rehypePlugins={[[rehypeKatex, { throwOnError: false, strict: 'ignore' }]]}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
