'use client';

/**
 * The last resort, when the root layout itself failed (e.g. the API did not answer while the page was rendered).
 * It replaces the layout, so it has no messages: both languages, side by side.
 */
export default function GlobalError({ reset }: { error: Error; reset(): void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" style={{ maxWidth: 640, margin: '48px auto', padding: 16, fontFamily: 'system-ui, sans-serif' }}>
          <h1>Recurrence is not available right now</h1>
          <p>The page could not be rendered. Try again in a moment.</p>
          <p lang="zh-CN">暂时无法显示页面，请稍后重试。</p>
          <button type="button" onClick={reset}>
            Try again · 重试
          </button>
        </main>
      </body>
    </html>
  );
}
