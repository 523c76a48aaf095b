import { defineConfig } from '@playwright/test';
import { chromium } from './chromium';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adminState } from './tests/fixtures';

// The harness (make test-e2e) picks the binary; the port is free-by-construction:
// Makefile passes USERDESK_E2E_PORT, else a fixed high port.
const port = Number(process.env.USERDESK_E2E_PORT ?? 39123);
// The dashboard's embedded sandbox listens on a second loopback port, so specs can plant data
// through the AWS wire APIs (fixtures.ts `sandboxURL` reads the same variable and default).
const sandboxPort = Number(process.env.USERDESK_E2E_SANDBOX_PORT ?? 39124);
const root = path.resolve(__dirname, '..');
const bin = process.env.USERDESK_BIN ?? path.join(root, 'target', 'debug', 'userdesk');
const baseURL = `http://127.0.0.1:${port}`;
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.join(root, 'target', 'site');

// A second dashboard signs people in through a real OpenID provider (oidc/provider.mjs, npm
// oidc-provider), each on its own port, passed by the Makefile like the two above (fixtures.ts
// reads the same variables and defaults).
const oidcPort = Number(process.env.USERDESK_E2E_OIDC_PORT ?? 39125);
const oidcAppPort = Number(process.env.USERDESK_E2E_OIDC_APP_PORT ?? 39126);
const oidcSandboxPort = Number(process.env.USERDESK_E2E_OIDC_SANDBOX_PORT ?? 39127);
const oidcAppURL = `http://127.0.0.1:${oidcAppPort}`; // = fixtures.ts `oidcAppURL`
// One client secret per run, shared by the provider and the dashboard (only through the
// environment of the two processes).
const oidcClientSecret = process.env.USERDESK_E2E_OIDC_CLIENT_SECRET ?? randomBytes(24).toString('hex');
process.env.USERDESK_E2E_OIDC_CLIENT_SECRET = oidcClientSecret;
// The oidc dashboard's [auth.oidc] and [auth.roles], which have no environment variables: written per run
// (the config is loaded again in each worker; the same ports give the same file).
const oidcConfig = path.join(os.tmpdir(), `userdesk-e2e-oidc-${oidcAppPort}.toml`);
// Each dashboard keeps its audit log in a fresh directory of its own, never the machine's.
const dataDir = (name: string) =>
  fs.mkdtempSync(path.join(os.tmpdir(), `userdesk-e2e-${name}-`));
fs.writeFileSync(
  oidcConfig,
  `# Written by end2end/playwright.config.ts for one Playwright run.
public_url = "${oidcAppURL}"

[auth]
mode = "oidc"

[auth.oidc]
issuer = "http://127.0.0.1:${oidcPort}"
client_id = "userdesk"
# client_secret: USERDESK_OIDC_CLIENT_SECRET
scopes = ["openid", "email", "profile", "groups"]

[auth.roles]
admin = ["ud-admins"]
helpdesk = ["ud-helpdesk"]
viewer = ["ud-viewers"]
`,
);

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
    launchOptions: chromium,
  },
  projects: [
    // Signs in as Ada (admin) on the dev sign-in page once; the form specs reuse the session.
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { browserName: 'chromium', headless: true } },
    {
      name: 'chromium',
      testIgnore: /(sign_in|helpdesk)\.spec\.ts/,
      dependencies: ['setup'],
      use: { browserName: 'chromium', headless: true, storageState: adminState },
    },
    // Sign-in itself (dev page and OpenID provider), and the helpdesk signed in through the
    // provider: every test starts signed out.
    { name: 'sign-in', testMatch: /(sign_in|helpdesk)\.spec\.ts/, use: { browserName: 'chromium', headless: true } },
  ],
  webServer: [
    {
      // The bundle built into the binary (make build embeds it): started from an empty
      // directory with no site root, this dashboard serves everything from the one file.
      command: bin,
      cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'userdesk-e2e-empty-')),
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        USERDESK_LISTEN: `127.0.0.1:${port}`,
        USERDESK_MODE: 'sandbox',
        USERDESK_SANDBOX_LISTEN: `127.0.0.1:${sandboxPort}`,
        USERDESK_DATA_DIR: dataDir('dev'),
        // Specs change sandbox data behind the dashboard's back (the XSS plants); listings are
        // reused for a second only, so the next page shows them.
        USERDESK_LISTING_CACHE_SECONDS: '1',
        // Not the directory: the embedded copy (an empty value counts as unset).
        LEPTOS_SITE_ROOT: '',
        RUST_LOG: 'info',
      },
    },
    {
      command: 'node oidc/provider.mjs',
      cwd: __dirname,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        USERDESK_E2E_OIDC_PORT: String(oidcPort),
        USERDESK_E2E_OIDC_APP_PORT: String(oidcAppPort),
        OIDC_CLIENT_SECRET: oidcClientSecret,
      },
    },
    {
      command: `${bin} --config ${oidcConfig}`,
      cwd: root,
      url: `${oidcAppURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        USERDESK_LISTEN: `127.0.0.1:${oidcAppPort}`,
        USERDESK_MODE: 'sandbox',
        USERDESK_SANDBOX_LISTEN: `127.0.0.1:${oidcSandboxPort}`,
        USERDESK_DATA_DIR: dataDir('oidc'),
        USERDESK_OIDC_CLIENT_SECRET: oidcClientSecret,
        LEPTOS_SITE_ROOT: siteRoot,
        RUST_LOG: 'info',
      },
    },
  ],
});
