import { defineConfig } from '@playwright/test';
import { chromium } from './chromium';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// `make bench` only (not `make test`): the time to interactive of the release binary's pages in
// headless Chromium. The Makefile passes the release binary and two free ports.
const port = Number(process.env.USERDESK_E2E_PORT ?? 39133);
const sandboxPort = Number(process.env.USERDESK_E2E_SANDBOX_PORT ?? 39134);
const root = path.resolve(__dirname, '..');
const bin = process.env.USERDESK_BIN ?? path.join(root, 'target', 'release', 'userdesk');

export default defineConfig({
  testDir: './bench',
  outputDir: './test-results/bench',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
  },
  projects: [{ name: 'bench', use: { browserName: 'chromium', headless: true } }],
  webServer: [
    {
      // The one file a deployment runs: the embedded bundle, from an empty directory.
      command: bin,
      cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'userdesk-bench-empty-')),
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        USERDESK_LISTEN: `127.0.0.1:${port}`,
        USERDESK_MODE: 'sandbox',
        USERDESK_SANDBOX_LISTEN: `127.0.0.1:${sandboxPort}`,
        USERDESK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'userdesk-bench-data-')),
        LEPTOS_SITE_ROOT: '',
        RUST_LOG: 'warn',
      },
    },
  ],
});
