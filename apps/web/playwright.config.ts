import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const apiMain = path.resolve(here, '../api/dist/apps/api/src/main.js');
// E2E_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);

// The browser tests run against the built API serving the built web app, as in production.
if (!existsSync(apiMain) || !existsSync(path.join(here, 'dist/index.html'))) {
  throw new Error('Build first: npm run build (at the repository root) builds the API and the web app.');
}

// A fresh, empty data folder per run (workers inherit it through the environment).
process.env.CW_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'cw-e2e-'));

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/playwright',
  fullyParallel: false,
  // One browser at a time: on two cores a second one slows both (tried).
  workers: 1,
  retries: 0,
  // Generous for a loaded CI machine; on an idle one the whole suite takes under two minutes.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: 'en-GB',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    },
  },
  webServer: {
    command: `node ${JSON.stringify(apiMain)}`,
    url: `http://localhost:${PORT}/api/health/ready`,
    reuseExistingServer: false,
    timeout: 120_000,
    // SIGTERM lets the API stop its embedded PostgreSQL; SIGKILL would leave it running.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      DATA_DIR: process.env.CW_E2E_DATA_DIR,
      DATABASE_URL: '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    },
  },
});
