import { defineConfig } from 'vitest/config';

// `npm test` runs several workspaces' suites at once on a 2-core machine; these timeouts leave room for that.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
