import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests in real headless Chromium against the built app, started the way `npm start` starts it,
 * on its own ports and a fresh SQLite database: the API listens on E2E_WEB_PORT (the front door) and Next.js on
 * loopback at E2E_API_PORT (the name is kept so each engineer's pair of ports stays theirs). Playwright's own
 * browser cannot be downloaded on every machine: where it is missing, Debian's chromium is used (CHROMIUM_PATH, or
 * /usr/bin/chromium).
 */
const webPort = Number(process.env.E2E_WEB_PORT ?? 3100);
const internalWebPort = Number(process.env.E2E_API_PORT ?? 4100);
const dataDir = mkdtempSync(join(tmpdir(), 'recurrence-e2e-'));
const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  timeout: 60_000,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${webPort}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node ../scripts/start.mjs',
    // A page through the front door: answers once both the API and Next.js are up.
    url: `http://127.0.0.1:${webPort}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(webPort),
      WEB_PORT: String(internalWebPort),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      // Every spec makes its accounts from 127.0.0.1 on one server: the default 30 per address per hour would refuse
      // the later specs' sign-ups with 429. The limit itself is tested in the API's tests.
      ACCOUNTS_PER_ADDRESS_PER_HOUR: '100000',
      GUESTS_PER_HOUR: '100000',
    },
  },
});
