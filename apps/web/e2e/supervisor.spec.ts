import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { checkScreen, DEMO_PASSWORD, field, login, menu } from './helpers';

test.describe.configure({ timeout: 240_000 });

type Auth = { headers: { Authorization: string }; user: { id: string; officeId: string } };

async function signIn(request: APIRequestContext, email: string): Promise<Auth> {
  const res = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status(), `sign-in of ${email}`).toBe(200);
  const body = await res.json();
  return { headers: { Authorization: `Bearer ${body.accessToken}` }, user: body.user };
}

const unique = () => `${Date.now() % 1_000_000}${Math.floor(Math.random() * 90 + 10)}`;

/** A jobseeker with few barriers: the profiling model recommends the routine track. */
async function registerRoutine(request: APIRequestContext, desk: Auth, familyName: string) {
  const res = await request.post('/api/jobseekers', {
    headers: desk.headers,
    data: { givenName: 'Noor', familyName, dateOfBirth: '1988-04-12', digitalSkills: 'good', educationLevel: 4 },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  expect(body.triage.recommendedTrack).toBe('routine');
  return body.case as { id: string; reference: string };
}

/** Riverside's supervisor and front desk have generated names: the administrator looks them up. */
async function riversideStaff(request: APIRequestContext) {
  const admin = await signIn(request, 'admin@demo.test');
  const offices = (await (
    await request.get(`/api/offices?range=${encodeURIComponent('[0,99]')}`, { headers: admin.headers })
  ).json()) as Array<{
    id: string;
    code: string;
  }>;
  const riverside = offices.find((o) => o.code === 'RIVERSIDE')!;
  const northside = offices.find((o) => o.code === 'NORTHSIDE')!;
  const first = async (role: string) => {
    const filter = encodeURIComponent(JSON.stringify({ role, officeId: riverside.id, active: true }));
    const users = await (
      await request.get(`/api/users?filter=${filter}&range=${encodeURIComponent('[0,0]')}`, { headers: admin.headers })
    ).json();
    expect(users.length, `a ${role} at Riverside`).toBe(1);
    return users[0].email as string;
  };
  return { admin, riverside, northside, supervisorEmail: await first('supervisor'), frontDeskEmail: await first('front_desk') };
}

async function openFromMenu(page: Page, item: string, heading: string) {
  await menu(page).getByRole('menuitem', { name: item }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('a supervisor assigns unassigned cases, rebalances caseloads and decides transfers', async ({ page, request }) => {
  // Setup through the API, as the people who would do it.
  const desk = await signIn(request, 'frontdesk@demo.test');
  const supervisor = await signIn(request, 'supervisor@demo.test');
  const counsellor = await signIn(request, 'counsellor@demo.test');
  const staff = await riversideStaff(request);
  const riversideDesk = await signIn(request, staff.frontDeskEmail);
  const riversideSupervisor = await signIn(request, staff.supervisorEmail);

  const routine = await registerRoutine(request, desk, `Supervtest${unique()}`);
  // Two Riverside cases asked for by Riverside's supervisor: one to accept, one to reject.
  const toAccept = await registerRoutine(request, riversideDesk, `Riverin${unique()}`);
  const toReject = await registerRoutine(request, riversideDesk, `Riverout${unique()}`);
  for (const c of [toAccept, toReject]) {
    const asked = await request.post(`/api/cases/${c.id}/transfer`, {
      headers: riversideSupervisor.headers,
      data: { toOfficeId: staff.northside.id, reason: 'The client moved to the Northside area.' },
    });
    expect(asked.status(), await asked.text()).toBe(201);
  }
  // And one Northside asks Riverside for, to read in the outgoing list.
  const outgoing = await registerRoutine(request, desk, `Northout${unique()}`);
  const askedOut = await request.post(`/api/cases/${outgoing.id}/transfer`, {
    headers: supervisor.headers,
    data: { toOfficeId: staff.riverside.id, reason: 'Closer to the client’s new home.' },
  });
  expect(askedOut.status(), await askedOut.text()).toBe(201);

  // The demo counsellor is kept under cap; the test brings her cap down to her load so the
  // assignment meets OVER_CAP, and puts it back at the end.
  const camille = (await (await request.get(`/api/users/${counsellor.user.id}`, { headers: staff.admin.headers })).json()) as {
    version: number;
    caseloadCap: number;
    fullName: string;
  };
  // A colleague leaves: their open cases come back to the supervisor, marked with their name.
  const northsideCounsellors = await (
    await request.get(
      `/api/users?filter=${encodeURIComponent(JSON.stringify({ role: 'counsellor', officeId: staff.northside.id, active: true }))}&range=${encodeURIComponent('[0,99]')}`,
      { headers: staff.admin.headers },
    )
  ).json();
  const leaver = (northsideCounsellors as Array<{ id: string; email: string; fullName: string }>).find(
    (u) => u.email !== 'counsellor@demo.test',
  )!;
  const [leaversCase] = await (
    await request.get(
      `/api/cases?filter=${encodeURIComponent(JSON.stringify({ assignedTo: leaver.id, status: 'active' }))}&range=${encodeURIComponent('[0,0]')}`,
      { headers: supervisor.headers },
    )
  ).json();
  expect(leaversCase, `an active case of ${leaver.fullName}`).toBeTruthy();
  const setActive = async (active: boolean) => {
    const current = await (await request.get(`/api/users/${leaver.id}`, { headers: staff.admin.headers })).json();
    const res = await request.patch(`/api/users/${leaver.id}`, {
      headers: staff.admin.headers,
      data: { active, version: current.version },
    });
    expect(res.status(), await res.text()).toBe(200);
  };

  const setCap = async (cap: number) => {
    const current = await (await request.get(`/api/users/${counsellor.user.id}`, { headers: staff.admin.headers })).json();
    const res = await request.patch(`/api/users/${counsellor.user.id}`, {
      headers: staff.admin.headers,
      data: { caseloadCap: cap, version: current.version },
    });
    expect(res.status(), await res.text()).toBe(200);
  };

  await setActive(false);
  try {
    await login(page, 'supervisor@demo.test');
    await expect(menu(page).getByRole('menuitem', { name: 'Caseloads' })).toBeVisible();
    await expect(menu(page).getByRole('menuitem', { name: 'Transfers' })).toBeVisible();

    // 1. Unassigned cases: find the new case, select it, assign it.
    await openFromMenu(page, 'Unassigned cases', 'Unassigned cases');
    await expect(page.getByRole('columnheader', { name: 'Recommended track' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Select every case on this page' })).toBeVisible();
    await checkScreen(page, 'supervisor-unassigned');
    await field(page, 'Case reference').fill(leaversCase.reference);
    const leftRow = page.getByRole('row').filter({ hasText: leaversCase.reference });
    await expect(leftRow).toContainText(`Was with ${leaver.fullName} (away or deactivated)`);
    await expect(leftRow).toContainText('Active');
    await checkScreen(page, 'supervisor-unassigned-leaver');
    await field(page, 'Case reference').fill(routine.reference);
    const row = page.getByRole('row').filter({ hasText: routine.reference });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Routine');
    await expect(row).toContainText('Not decided');
    await expect(row).toContainText('Registered');
    await row.getByRole('checkbox', { name: `Select case ${routine.reference}` }).check();
    await expect(page.getByText('1 case selected')).toBeVisible();
    await checkScreen(page, 'supervisor-unassigned-selected');

    await page.getByRole('button', { name: 'Assign…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign 1 case' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('confirms the recommended track');
    await expect(dialog.getByRole('radio', { name: /Camille Counsel/ })).toBeVisible();
    await checkScreen(page, 'supervisor-assign-dialog');

    // A routine case offered to a specialist: the API's roleForTrack answer, in words.
    await dialog.getByRole('radio', { name: /Sami Specialist/ }).check();
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(
      dialog.getByRole('alert').filter({ hasText: 'Routine cases go to counsellors and targeted cases to specialists' }),
    ).toBeVisible();

    // Meanwhile Camille's caseload fills up to her cap: the API answers OVER_CAP and the dialog asks why.
    await dialog.getByRole('radio', { name: /Camille Counsel/ }).check();
    const loads = (await (await request.get('/api/caseloads', { headers: supervisor.headers })).json()) as Array<{
      id: string;
      load: number;
    }>;
    const camilleLoad = loads.find((p) => p.id === counsellor.user.id)!.load;
    await setCap(camilleLoad);
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(dialog.getByRole('alert').filter({ hasText: 'would take Camille Counsel over their cap' })).toBeVisible();
    const reason = dialog.getByRole('textbox', { name: /Reason for going over the cap/ });
    await expect(reason).toBeFocused();
    await reason.fill('abc');
    await dialog.getByRole('button', { name: 'Assign over cap' }).click();
    await expect(dialog).toContainText('Give a reason of at least 5 characters');
    await checkScreen(page, 'supervisor-assign-over-cap');
    await reason.fill('Covers the client’s previous counsellor, back next week');
    await dialog.getByRole('button', { name: 'Assign over cap' }).click();
    await expect(page.getByText('1 case assigned to Camille Counsel.')).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('row').filter({ hasText: routine.reference })).toHaveCount(0);
    await expect(page.getByText('Tick cases to assign them together.')).toBeVisible();

    // 2. Caseloads: Camille now over cap in the chart and the table; apply the suggested move.
    await openFromMenu(page, 'Caseloads', 'Caseloads');
    await expect(page.getByTestId('caseload-chart').locator('svg').first()).toBeVisible();
    await expect(page.getByTestId('caseload-chart')).toContainText(`⚠ ${camilleLoad + 1} of ${camilleLoad}: over cap by 1`);
    const table = page.getByRole('table', { name: 'Load against cap, in figures' });
    const camilleRow = table.getByRole('row').filter({ hasText: 'Camille Counsel' });
    await expect(camilleRow).toContainText('Over cap by 1');
    await expect(camilleRow.getByRole('cell').nth(5)).toHaveText(String(camilleLoad + 1));
    await checkScreen(page, 'supervisor-caseloads');

    const moves = page.getByRole('table', { name: 'Suggested moves' });
    const move = moves.getByRole('row').filter({ hasText: 'Camille Counsel' }).first();
    await expect(move).toBeVisible();
    const moveButton = move.getByRole('button', { name: /^Move C-\d{4}-\d+ from Camille Counsel to / });
    const label = (await moveButton.getAttribute('aria-label'))!;
    const [, movedRef, toName] = /^Move (\S+) from Camille Counsel to (.+)$/.exec(label)!;
    await moveButton.click();
    await expect(page.getByText(`${movedRef} is now with ${toName}.`)).toBeVisible();
    await expect(camilleRow).not.toContainText('Over cap');
    await expect(camilleRow).toContainText('0 left under cap');
    await expect(page.getByRole('row').filter({ hasText: movedRef })).toHaveCount(0);
    await expect(table.getByRole('row').filter({ hasText: leaver.fullName })).toContainText('Deactivated');
    // Full-page screenshots of a scrolled page show the fixed app bar midway; a hovered bar shows its tooltip.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(0, 0);
    await checkScreen(page, 'supervisor-caseloads-rebalanced');

    // The same screen in French: chart, table and moves are translated.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Portefeuilles' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Charge par rapport au plafond, en chiffres' })).toContainText('Désactivé');
    await expect(page.getByRole('heading', { level: 2, name: 'Déplacements proposés' })).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await checkScreen(page, 'supervisor-caseloads-fr');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Caseloads' })).toBeVisible();

    // 3. Transfers: accept one request, reject the other, read our own request.
    await openFromMenu(page, 'Transfers', 'Transfers');
    const incoming = page.getByRole('table', { name: 'Requests to your office' });
    const acceptRow = incoming.getByRole('row').filter({ hasText: toAccept.reference });
    await expect(acceptRow).toContainText('Riverside Job Centre');
    await expect(acceptRow).toContainText('The client moved to the Northside area.');
    const outgoingTable = page.getByRole('table', { name: 'Requests from your office' });
    const outRow = outgoingTable.getByRole('row').filter({ hasText: outgoing.reference });
    await expect(outRow).toContainText('Riverside Job Centre');
    await expect(outRow).toContainText('Waiting for decision');
    await checkScreen(page, 'supervisor-transfers');

    await acceptRow.getByRole('button', { name: `Accept the transfer of ${toAccept.reference}` }).click();
    const accept = page.getByRole('dialog', { name: `Accept the transfer of ${toAccept.reference}?` });
    await expect(accept).toContainText('without an assignee');
    await accept.getByRole('textbox', { name: /Note for the case history/ }).fill('Welcome to Northside.');
    await checkScreen(page, 'supervisor-transfer-accept');
    await accept.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect(page.getByText(`Transfer of ${toAccept.reference} accepted: the case is now in your office.`)).toBeVisible();
    await expect(incoming.getByRole('row').filter({ hasText: toAccept.reference })).toHaveCount(0);

    await incoming.getByRole('button', { name: `Reject the transfer of ${toReject.reference}` }).click();
    const reject = page.getByRole('dialog', { name: `Reject the transfer of ${toReject.reference}?` });
    await reject
      .getByRole('textbox', { name: /Note for the case history/ })
      .fill('Riverside keeps this client until the move is confirmed.');
    await reject.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(page.getByText(`Transfer of ${toReject.reference} rejected.`)).toBeVisible();
    await expect(incoming.getByRole('row').filter({ hasText: toReject.reference })).toHaveCount(0);
    // Riverside sees the decision and the note on their side.
    const theirs = await (
      await request.get(`/api/case-transfers?filter=${encodeURIComponent(JSON.stringify({ caseId: toReject.id }))}`, {
        headers: riversideSupervisor.headers,
      })
    ).json();
    expect(theirs[0]).toMatchObject({ status: 'rejected', decisionNote: 'Riverside keeps this client until the move is confirmed.' });

    // The accepted case arrived unassigned: it is now among Northside's unassigned cases.
    await openFromMenu(page, 'Unassigned cases', 'Unassigned cases');
    await field(page, 'Case reference').fill(toAccept.reference);
    await expect(page.getByRole('row').filter({ hasText: toAccept.reference })).toHaveCount(1);
    await field(page, 'Case reference').fill(toReject.reference);
    await expect(page.getByText(/No .* found/).first()).toBeVisible();
  } finally {
    await setCap(camille.caseloadCap);
    await setActive(true);
  }
});

test('the supervisor screens are not offered to a counsellor, and refuse them when typed in', async ({ page }) => {
  await login(page, 'counsellor@demo.test');
  await expect(menu(page).getByRole('menuitem', { name: 'My caseload' })).toBeVisible();
  for (const item of ['Unassigned cases', 'Caseloads', 'Transfers'])
    await expect(menu(page).getByRole('menuitem', { name: item })).toHaveCount(0);
  for (const path of ['/unassigned-cases', '/caseloads', '/case-transfers']) {
    const requests: string[] = [];
    const listen = (r: { url: () => string }) => requests.push(r.url());
    page.on('request', listen);
    await page.goto(`/#${path}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Access denied' })).toBeVisible();
    await expect(page.getByText('Your role does not give access to this page.')).toBeVisible();
    page.off('request', listen);
    // Nothing of the screen was asked for.
    expect(requests.filter((u) => /\/api\/(caseloads|case-transfers|cases\?)/.test(u))).toEqual([]);
  }
  await checkScreen(page, 'counsellor-supervision-denied');
});

test('a supervisor marks a specialist away: their cases wait among the unassigned until they are back', async ({ page }) => {
  await login(page, 'supervisor@demo.test');
  await openFromMenu(page, 'Caseloads', 'Caseloads');
  await page.getByRole('button', { name: 'Cap and leave of Sami Specialist' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sami Specialist: cap and leave' });
  await dialog.getByRole('switch', { name: 'Away (leave, sickness)' }).check();
  await checkScreen(page, 'supervisor-staff-away-dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Sami Specialist updated.')).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Sami Specialist' }) });
  await expect(row).toContainText('Away');

  await openFromMenu(page, 'Unassigned cases', 'Unassigned cases');
  await expect(page.getByText('Was with Sami Specialist (away or deactivated)').first()).toBeVisible();
  await checkScreen(page, 'supervisor-unassigned-away');

  // Back from leave: the cases are theirs again.
  await openFromMenu(page, 'Caseloads', 'Caseloads');
  await page.getByRole('button', { name: 'Cap and leave of Sami Specialist' }).click();
  await dialog.getByRole('switch', { name: 'Away (leave, sickness)' }).uncheck();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Sami Specialist updated.')).toBeVisible();
  await expect(row).toContainText('Available');
  await openFromMenu(page, 'Unassigned cases', 'Unassigned cases');
  await expect(page.getByRole('row').nth(1)).toBeVisible(); // the list has loaded
  await expect(page.getByText('Was with Sami Specialist (away or deactivated)')).toHaveCount(0);
});
