import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

// The harness (make test-e2e) picks the binary; the port is free-by-construction:
// Makefile passes USERDESK_E2E_PORT, else a fixed high port.
const port = Number(process.env.USERDESK_E2E_PORT ?? 39123);
// The dashboard's embedded sandbox listens on a second loopback port, so specs can plant data
// through the AWS wire APIs (fixtures.ts `sandboxURL` reads the same variable and default).
const sandboxPort = Number(process.env.USERDESK_E2E_SANDBOX_PORT ?? 39124);
const root = path.resolve(__dirname, '..');
const bin = process.env.USERDESK_BIN ?? path.join(root, 'target', 'debug', 'userdesk');
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', headless: true } }],
  webServer: {
    command: bin,
    cwd: root,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      USERDESK_LISTEN: `127.0.0.1:${port}`,
      USERDESK_MODE: 'sandbox',
      USERDESK_SANDBOX_LISTEN: `127.0.0.1:${sandboxPort}`,
      // Specs change sandbox data behind the dashboard's back (the XSS plants); listings are
      // reused for a second only, so the next page shows them.
      USERDESK_LISTING_CACHE_SECONDS: '1',
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      RUST_LOG: 'info',
    },
  },
});
