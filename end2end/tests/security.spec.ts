import type { Page } from '@playwright/test';
import { test, expect, hydrated } from './fixtures';

// One page of every kind: home, each service's lists, each service's user page, and the 404.
const PAGES = [
  '/',
  '/memorydb',
  '/memorydb/users/app-reader',
  '/mq',
  '/mq/brokers/b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10',
  '/mq/brokers/b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10/users/admin',
  '/finspace',
  '/finspace/environments/eqr4k7m2xw9t5pbn3hj6ca',
  '/finspace/environments/eqr4k7m2xw9t5pbn3hj6ca/users/gchen',
  '/identitystore',
  '/identitystore/stores/d-9067a1b2c3',
  '/identitystore/stores/d-9067a1b2c3/users/9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91',
  '/wickr',
  '/wickr/networks/24681357',
  '/wickr/networks/24681357/users/1001',
];

/** Collects every Content-Security-Policy violation the page reports, from its first script on. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const console: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) console.push(m.text());
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)), ...console];
}

for (const path of PAGES) {
  test(`CSP: ${path} hydrates with no policy violation`, async ({ page, errors }) => {
    const violations = await recordViolations(page);
    const response = await page.goto(path);
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=_-]{16,}' 'wasm-unsafe-eval'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("object-src 'none'");
    await hydrated(page);
    expect(await violations()).toEqual([]);
  });
}

test('CSP: the 404 page carries the policy and hydrates without violations', async ({ page }) => {
  // Not the `errors` fixture: Chromium logs the page's own 404 status as a console error.
  const violations = await recordViolations(page);
  const response = await page.goto('/no/such/page');
  expect(response!.status()).toBe(404);
  expect(response!.headers()['content-security-policy']).toMatch(/'nonce-/);
  await hydrated(page);
  expect(await violations()).toEqual([]);
});

test('CSP: an inline script without the nonce is blocked, and reported', async ({ page }) => {
  const violations = await recordViolations(page);
  await page.goto('/');
  await hydrated(page);
  // What an injected `<script>` would be: the policy must stop it.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true;';
    document.body.appendChild(s);
  });
  expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
  expect((await violations()).some((v) => v.startsWith('script-src-elem blocked inline'))).toBe(true);
});

test('the bundle built into the binary is served under a versioned path, kept for good', async ({ page, request }) => {
  await page.goto('/');
  await hydrated(page);
  // The stylesheet, the script and the wasm all come from /pkg/<version>/.
  const css = await page.locator('link[rel="stylesheet"]#leptos').getAttribute('href');
  expect(css).toMatch(/^\/pkg\/[0-9a-f]{12}\/userdesk\.css$/);
  const version = css!.split('/')[2];
  for (const file of ['userdesk.css', 'userdesk.js', 'userdesk.wasm']) {
    const answer = await request.get(`/pkg/${version}/${file}`);
    expect(answer.status(), file).toBe(200);
    expect(answer.headers()['cache-control'], file).toBe('public, max-age=31536000, immutable');
  }
  // Anything not under the version may be kept a few minutes only.
  const favicon = await request.get('/favicon.svg');
  expect(favicon.headers()['cache-control']).toBe('public, max-age=300');
});
