import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The file a worker thread starts from: the bundle next to dist/server.js in production (`bundled`, e.g.
 * `lab-worker.js`), or the TypeScript source through its tsx bootstrap (`source`, a URL relative to the caller).
 */
export function workerEntry(bundled: string, source: URL): string {
  const bundle = fileURLToPath(new URL(`./${bundled}`, import.meta.url));
  return import.meta.url.endsWith('.js') && existsSync(bundle) ? bundle : fileURLToPath(source);
}
