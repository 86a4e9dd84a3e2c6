import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * Not a test: takes the screenshots under docs/screenshots that the README links to, from a fresh build against a fresh
 * database (`npm run screenshots -w @recurrence/e2e` after `npm run build`).
 */
export default defineConfig({ ...base, testDir: './screenshots', reporter: 'list', timeout: 600_000 });
