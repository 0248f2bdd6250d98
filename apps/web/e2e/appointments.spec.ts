import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { checkScreen, DEMO_PASSWORD, login, logout, menu } from './helpers';

test.describe.configure({ timeout: 240_000 });

async function signIn(request: APIRequestContext, email: string) {
  const body = await (await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } })).json();
  return { headers: { Authorization: `Bearer ${body.accessToken}` }, user: body.user as { id: string; officeId: string } };
}

const q = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name, selected: true })).toBeVisible();
}

test('a counsellor books an appointment from a case and records a no-show, which gives them a follow-up', async ({ page, request }) => {
  const counsellor = await signIn(request, 'counsellor@demo.test');
  // One of the counsellor's open cases, and one of their appointments that has begun but has no outcome yet.
  const cases = await (
    await request.get(`/api/cases?${q({ filter: { assignedTo: counsellor.user.id, status: 'active' }, range: [0, 0] })}`, {
      headers: counsellor.headers,
    })
  ).json();
  expect(cases.length, 'the demo counsellor has an active case').toBe(1);
  const kase = cases[0] as { id: string; reference: string };
  const pending = (await (
    await request.get(
      `/api/appointments?${q({ filter: { staffId: counsellor.user.id, status: 'scheduled', to: new Date().toISOString() }, sort: ['startsAt', 'DESC'], range: [0, 19] })}`,
      { headers: counsellor.headers },
    )
  ).json()) as { id: string; caseId: string; caseReference: string }[];
  // The follow-up goes to the case's counsellor, so take an appointment on one of their own cases:
  // a first interview on a case not yet assigned would give the supervisor the follow-up instead.
  const own = (await (
    await request.get(`/api/cases?${q({ filter: { assignedTo: counsellor.user.id }, range: [0, 99] })}`, { headers: counsellor.headers })
  ).json()) as { id: string }[];
  const ownIds = new Set(own.map((c) => c.id));
  const mine = pending.find((a) => ownIds.has(a.caseId));
  expect(mine, 'the demo has an appointment awaiting its outcome on one of the counsellor’s cases').toBeDefined();
  const due = mine!;

  await login(page, 'counsellor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: 'Counsellor workspace' })).toBeVisible();
  await page.goto(`/#/cases/${kase.id}/show`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(kase.reference);
  await openTab(page, 'Appointments');
  await checkScreen(page, 'case-appointments');

  await test.step('book next week’s first free time', async () => {
    await page.getByRole('button', { name: 'Book an appointment' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: `Book an appointment on case ${kase.reference}` })).toBeVisible();
    await dialog.getByRole('button', { name: 'Next week' }).click();
    const slot = dialog.getByRole('group', { name: 'Free times' }).getByRole('button').first();
    await expect(slot).toBeVisible();
    await checkScreen(page, 'book-appointment');
    await slot.click();
    await expect(slot).toHaveAttribute('aria-pressed', 'true');
    const booked = page.waitForResponse((r) => r.url().endsWith('/api/appointments') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    expect((await booked).status()).toBe(201);
    await expect(page.getByText(/Appointment booked for/)).toBeVisible();
    await expect(page.getByTestId('case-appointment').filter({ hasText: 'Scheduled' }).first()).toBeVisible();
  });

  await test.step('the calendar shows the week', async () => {
    await menu(page).getByRole('menuitem', { name: 'Calendar', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
    await expect(page.locator('.fc-timegrid')).toBeVisible();
    await checkScreen(page, 'calendar-week');
    await page.getByRole('button', { name: /list/i }).click();
    await checkScreen(page, 'calendar-list');
  });

  await test.step('record the no-show', async () => {
    await page.goto(`/#/appointments/${due.id}/show`);
    await expect(page.getByRole('heading', { level: 1, name: `Appointment on case ${due.caseReference}` })).toBeVisible();
    await checkScreen(page, 'appointment-show');
    await page.getByRole('button', { name: 'Did not come' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText(/follow-up task/)).toBeVisible();
    await checkScreen(page, 'appointment-no-show-dialog');
    const recorded = page.waitForResponse((r) => r.url().endsWith(`/api/appointments/${due.id}/no-show`));
    await dialog.getByRole('button', { name: 'Record the no-show' }).click();
    expect((await recorded).status()).toBe(200);
    await expect(page.getByText('Did not come').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Did not come' })).toHaveCount(0);
  });

  await test.step('the follow-up is among the counsellor’s tasks', async () => {
    const items = await (
      await request.get(`/api/work-items?${q({ filter: { kind: 'follow_up_no_show', status: 'open' }, range: [0, 99] })}`, {
        headers: counsellor.headers,
      })
    ).json();
    expect(items.some((w: { caseId: string }) => w.caseId === due.caseId)).toBe(true);
  });

  await test.step('the calendar feed: made once, readable by a calendar service, without client names', async () => {
    await menu(page).getByRole('menuitem', { name: 'Calendar feed' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Calendar feed' })).toBeVisible();
    await page.getByRole('button', { name: /Turn on my feed|Make a new address/ }).click();
    const url = await page.getByTestId('feed-url').inputValue();
    expect(url).toMatch(/\/api\/calendar\/[\w-]+\.ics$/);
    await checkScreen(page, 'calendar-feed');
    const feed = await request.get(new URL(url).pathname);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toContain('text/calendar');
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    await page.getByRole('button', { name: 'Turn off my feed' }).click();
    await expect(page.getByTestId('feed-status')).toHaveText('You have no calendar feed.');
    expect((await request.get(new URL(url).pathname)).status()).toBe(404);
  });

  await logout(page);
});

test('a supervisor sees the whole office’s calendar and the reminders recorded in the outbox', async ({ page }) => {
  await login(page, 'supervisor@demo.test');
  await menu(page).getByRole('menuitem', { name: 'Calendar', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await expect(page.getByLabel('Whose appointments')).toContainText('The whole office');
  await expect(page.locator('.fc-event').first()).toBeVisible();
  await checkScreen(page, 'calendar-office');
  await menu(page).getByRole('menuitem', { name: 'Sent reminders' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sent reminders' })).toBeVisible();
  await checkScreen(page, 'outbox');
  await logout(page);
});
