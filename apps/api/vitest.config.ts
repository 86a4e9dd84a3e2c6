import { defineConfig } from 'vitest/config';

// Database-backed tests: argon2 hashing and PostgreSQL round trips need more than the default 5 s on a busy machine.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } });
