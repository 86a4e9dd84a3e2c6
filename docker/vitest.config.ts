import { defineConfig } from 'vitest/config';

// `docker-compose config` starts a Python interpreter per call (~1 s each on a busy 2-core machine).
export default defineConfig({ test: { testTimeout: 60_000 } });
