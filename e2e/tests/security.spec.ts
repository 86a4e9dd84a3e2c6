import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

/** A page served from another port of the same host: same site as the app, another origin. */
async function otherOrigin(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

test('pages hydrate under the Content-Security-Policy: no script is refused, client code runs', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  const response = await page.goto('/settings');
  expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  // Changing the card language is handled by client code (a cookie written by the page, no reload).
  await page.getByRole('main').getByLabel('Card language').selectOption('zh');
  await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === 'cardLanguage')?.value ?? null).toBe('zh');
  expect(refused).toEqual([]);
});

test('a form on another port cannot sign the user out', async ({ page, baseURL }) => {
  await page.goto('/');
  expect((await page.request.post('/api/v1/auth/guest')).status()).toBe(201);
  const attacker = await otherOrigin(`<!doctype html>
    <form id="f" method="POST" action="${baseURL}/api/v1/auth/sign-out" enctype="text/plain"><input name="x" value="y"></form>
    <script>document.getElementById('f').submit()</script>`);
  try {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-out'));
    await page.goto(attacker.url);
    expect((await answered).status()).toBe(403);
    // Still signed in.
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(200);
  } finally {
    await attacker.close();
  }
});

test('another origin cannot frame the study page', async ({ page, baseURL }) => {
  const framer = await otherOrigin(`<!doctype html><iframe name="victim" src="${baseURL}/study" width="800" height="600"></iframe>`);
  try {
    const blocked = page.waitForEvent('console', (m) => /frame-ancestors|refused to display|Refused to frame/i.test(m.text()));
    await page.goto(framer.url);
    expect((await blocked).text()).toMatch(/frame-ancestors/);
    const frame = page.frame({ name: 'victim' })!;
    await expect(frame.getByRole('heading', { level: 1 })).toHaveCount(0);
  } finally {
    await framer.close();
  }
});
