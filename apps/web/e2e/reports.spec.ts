import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { EquityReport } from '@casework/contracts';
import { checkScreen, DEMO_PASSWORD, login, logout, menu } from './helpers';

test.describe.configure({ timeout: 180_000 });

/** A report's figures are on screen: its freshness line is shown (the rollups may still be building on a fresh database). */
async function figuresShown(page: Page, report: string) {
  await expect(page.getByTestId(`report-${report}`).getByTestId('report-freshness')).toContainText('Figures as of', { timeout: 90_000 });
}

const reportAnswer = (page: Page, report: string, param?: string) =>
  page.waitForResponse(
    (r) => {
      const url = new URL(r.url());
      return url.pathname === `/api/reports/${report}` && (!param || url.search.includes(param)) && r.status() === 200;
    },
    { timeout: 90_000 },
  );

test('while the figures are first being prepared the dashboard says so, and shows them once they are ready', async ({ page }) => {
  // A fresh installation answers 503 until the first refresh of the rollups has run. That lasts a few
  // seconds here, too short to catch, so the caseload answers are the API's 503, as ReportsService
  // sends it, until the test lets the requests through to the real API.
  let ready = false;
  let refused = 0;
  await page.route(
    (url) => url.pathname === '/api/reports/caseload',
    async (route) => {
      if (ready) return route.fallback();
      refused++;
      await route.fulfill({
        status: 503,
        headers: { 'Retry-After': '60' },
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 503,
          code: 'SERVICE_UNAVAILABLE',
          message: 'The reports are being prepared: try again in a minute',
        }),
      });
    },
  );
  await login(page, 'manager@demo.test');
  const caseload = page.getByTestId('report-caseload');
  const preparing = caseload.getByText('The figures are being prepared for the first time.', { exact: false });
  await expect(preparing).toBeVisible();
  // Being prepared is not an error, and the other reports are not held up by it.
  await expect(caseload.getByText('The service is temporarily unavailable', { exact: false })).toHaveCount(0);
  await figuresShown(page, 'deadlines');
  await checkScreen(page, 'reports-preparing');
  await expect(preparing).toBeVisible();
  // react-query asks again every 5 s: once the rollups are ready, the figures replace the message.
  ready = true;
  await figuresShown(page, 'caseload');
  await expect(preparing).toHaveCount(0);
  expect(refused).toBeGreaterThanOrEqual(1);
});

test('a manager reads the dashboard, filters it, compares groups and downloads a CSV', async ({ page }) => {
  await login(page, 'manager@demo.test');
  // The manager's landing page is the reports dashboard.
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await expect(page).toHaveURL(/#\/reports$/);
  await expect(menu(page).getByRole('menuitem', { name: 'Workspace' })).toHaveCount(0);
  for (const report of ['caseload', 'deadlines', 'outcomes', 'channels']) await figuresShown(page, report);
  await expect(page.getByRole('heading', { level: 2, name: 'Caseload' })).toBeVisible();
  await checkScreen(page, 'reports-dashboard');

  // One office instead of the whole region: the address keeps the choice, and every report asks for it.
  const office = page.getByLabel('Office');
  const northside = (await office.locator('option', { hasText: 'Northside' }).getAttribute('value'))!;
  const caseload = reportAnswer(page, 'caseload', `officeId=${northside}`);
  const outcomes = reportAnswer(page, 'outcomes', `officeId=${northside}`);
  await office.selectOption(northside);
  await caseload;
  await outcomes;
  await expect(page).toHaveURL(new RegExp(`officeId=${northside}`));
  // A shorter period, the last three months: the months go into the report's query.
  const [year, month] = (await page.getByLabel('To (month)').inputValue()).split('-').map(Number);
  const from = new Date(Date.UTC(year, month - 3, 1)).toISOString().slice(0, 7);
  const deadlines = reportAnswer(page, 'deadlines', `from=${from}`);
  await page.getByLabel('From (month)').fill(from);
  const answer = await deadlines;
  expect((await answer.json()).meta).toMatchObject({ from, officeId: northside });
  await figuresShown(page, 'deadlines');

  // Every chart has the same figures as a table; shown, it has its column headers.
  const closures = page.getByTestId('report-outcomes');
  await closures.getByRole('button', { name: 'Show as table' }).first().click();
  await expect(closures.getByRole('table', { name: 'Closures by reason' })).toBeVisible();
  await expect(closures.getByRole('columnheader', { name: 'Reason' })).toBeVisible();
  await checkScreen(page, 'reports-dashboard-office-table');

  // The equity view, with the same filters.
  const equityAnswer = reportAnswer(page, 'equity', `officeId=${northside}`);
  await page.getByRole('link', { name: 'Equity view' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Equity' })).toBeVisible();
  const equity = (await (await equityAnswer).json()) as EquityReport;
  await figuresShown(page, 'equity');
  const groups = page.getByTestId('equity-group');
  await expect(groups.getByRole('rowheader', { name: 'Long-term unemployed' })).toBeVisible();
  await expect(groups.getByRole('columnheader', { name: 'Closed for a job' })).toBeVisible();
  expect(await groups.getByRole('row').count()).toBe(equity.rows.filter((r) => r.dimension === 'group').length + 1);
  // A suppressed figure says so, never 0.
  const suppressed = equity.rows.filter((r) => r.figures.cases.suppressed).length;
  if (suppressed) await expect(page.getByTestId('suppressed').first()).toContainText('suppressed (fewer than 5)');
  test.info().annotations.push({ type: 'equity', description: `${equity.rows.length} rows, ${suppressed} with too few cases to show` });
  await checkScreen(page, 'reports-equity');

  // CSV: fetched with the session's token, saved from a blob: link; the file starts with its header.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download Equity as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^casework-equity-.*\.csv$/);
  const text = await readFile((await file.path())!, 'utf8');
  expect(text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('section,key,measure,value');
  await expect(page.getByText('Equity saved as a CSV file.')).toBeVisible();

  // The whole region's team, most loaded first, a page of 25 at a time; the CSV has everyone.
  const teamAnswer = reportAnswer(page, 'caseload', 'limit=25');
  await page.goto('/#/reports/team');
  await expect(page.getByRole('heading', { level: 1, name: 'Team dashboard' })).toBeVisible();
  const first = await (await teamAnswer).json();
  const total: number = first.page.total;
  expect(total).toBeGreaterThan(25);
  await figuresShown(page, 'caseload');
  const team = page.getByRole('table', { name: 'Load against cap, by staff member' });
  await expect(team.getByRole('rowheader')).toHaveCount(25);
  await expect(team.getByRole('rowheader').first()).toHaveText(first.rows[0].staffName);
  await expect(page.getByText(`1–25 of ${total}`)).toBeVisible();
  const next = reportAnswer(page, 'caseload', 'offset=25');
  await page.getByRole('button', { name: 'Next page of staff' }).click();
  await next;
  await expect(page.getByText(`26–${Math.min(50, total)} of ${total}`)).toBeVisible();
  await expect(team.getByRole('rowheader')).toHaveCount(Math.min(25, total - 25));
  await checkScreen(page, 'reports-team-region-page-2');
  const teamCsv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download Caseload as CSV' }).click();
  const staffLines = (await readFile((await (await teamCsv).path())!, 'utf8')).split(/\r?\n/).filter(Boolean);
  expect(staffLines).toHaveLength(total + 1);
  await logout(page);
});

test('a supervisor opens the team dashboard from the menu; a counsellor has no reports', async ({ page }) => {
  await login(page, 'supervisor@demo.test');
  // The workspace has a card for it, and the menu an entry.
  await expect(page.getByRole('main').getByRole('link', { name: /Team dashboard/ })).toBeVisible();
  await menu(page).getByRole('menuitem', { name: 'Team dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Team dashboard' })).toBeVisible();
  await figuresShown(page, 'caseload');
  await figuresShown(page, 'deadlines');
  // Their own office only: no office to choose, and their counsellors with their caps.
  await expect(page.getByLabel('Office')).toHaveCount(0);
  const team = page.getByRole('table', { name: 'Load against cap, by staff member' });
  await expect(team.getByRole('rowheader', { name: 'Camille Counsel' })).toBeVisible();
  await expect(team.getByRole('columnheader', { name: 'Overdue work items' })).toBeVisible();
  await checkScreen(page, 'reports-team');

  // In French: the screen's own words, figures and dates in French.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('menuitem', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord de l’équipe' })).toBeVisible();
  await expect(page.getByTestId('report-deadlines').getByTestId('report-freshness')).toContainText('Chiffres à');
  await expect(page.getByRole('table', { name: 'Charge face au plafond, par membre de l’équipe' })).toBeVisible();
  await checkScreen(page, 'reports-team-fr');
  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Team dashboard' })).toBeVisible();
  await logout(page);

  await login(page, 'counsellor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: /workspace/ })).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Reports' })).toHaveCount(0);
  await page.goto('/#/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Access denied' })).toBeVisible();
});

test('a supervisor who has downloaded too many CSV files in a short time is told how long to wait', async ({ page, request }) => {
  await login(page, 'supervisor@demo.test');
  await menu(page).getByRole('menuitem', { name: 'Team dashboard' }).click();
  await figuresShown(page, 'deadlines');
  // Twenty exports in ten minutes, made outside the browser with the same account: the allowance is per person.
  const body = await (await request.post('/api/auth/login', { data: { email: 'supervisor@demo.test', password: DEMO_PASSWORD } })).json();
  const headers = { Authorization: `Bearer ${body.accessToken}` };
  let refused = null;
  for (let i = 0; i < 25 && !refused; i++) {
    const res = await request.get('/api/reports/deadlines?format=csv', { headers });
    if (res.status() === 429) refused = res;
    else expect(res.status()).toBe(200);
  }
  expect(refused, 'the export limit was reached').not.toBeNull();
  const minutes = Math.max(1, Math.ceil(Number(refused!.headers()['retry-after']) / 60));

  await page.getByRole('button', { name: 'Download Deadlines as CSV' }).click();
  const alert = page.getByText(`Too many downloads in a short time. Try again in ${minutes} minute`);
  await expect(alert).toBeVisible();
  await checkScreen(page, 'reports-csv-rate-limited');
  await logout(page);
});
