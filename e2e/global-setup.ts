import type { FullConfig } from '@playwright/test';
import { E2E_ADMIN } from './tests/accounts';

/**
 * The first account of a fresh instance is its admin. The e2e server starts on an empty database before this runs,
 * so the admin is made here, once, with a known address; specs that need an admin sign in as it, and no spec's own
 * sign-up depends on being first.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]!.use.baseURL!;
  const response = await fetch(new URL('/api/v1/auth/sign-up', baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(baseURL).origin },
    body: JSON.stringify({ email: E2E_ADMIN.email, password: E2E_ADMIN.password, displayName: E2E_ADMIN.displayName }),
  });
  const body = (await response.json()) as { user?: { role?: string } };
  if (response.status !== 201 || body.user?.role !== 'admin') {
    throw new Error(`the e2e admin could not be made first (${response.status}: ${JSON.stringify(body)}); is the database fresh?`);
  }
}
