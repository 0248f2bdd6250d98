import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { checkScreen, DEMO_PASSWORD, field, login, logout, menu } from './helpers';

test.describe.configure({ timeout: 240_000 });

async function signIn(request: APIRequestContext, email: string) {
  const body = await (await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } })).json();
  return { headers: { Authorization: `Bearer ${body.accessToken}` }, user: body.user as { id: string } };
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name, selected: true })).toBeVisible();
}

test('a supervisor confirms the triage and assigns the case to a specialist, who finds it in their caseload', async ({ page, request }) => {
  // Front desk registers a person with many barriers (the registration screen has its own journey).
  const frontDesk = await signIn(request, 'frontdesk@demo.test');
  const familyName = `Caseloadtest${Date.now() % 100000}`;
  const registered = await request.post('/api/jobseekers', {
    headers: frontDesk.headers,
    data: {
      givenName: 'Yusuf',
      familyName,
      dateOfBirth: '1970-01-02',
      digitalSkills: 'none',
      educationLevel: 0,
      disability: true,
      interpreterNeeded: true,
      interpreterLanguage: 'ar',
      migrantStatus: 'refugee',
      unemployedSince: '2021-01-01',
      careerBreak: true,
    },
  });
  expect(registered.status()).toBe(201);
  const { case: kase } = await registered.json();

  // The supervisor opens the case: the summary says it waits for them.
  await login(page, 'supervisor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: /Supervisor workspace/ })).toBeVisible();
  await page.goto(`/#/cases/${kase.id}/show`);
  await expect(page.getByRole('heading', { level: 1, name: `Case ${kase.reference}` })).toBeVisible();
  const summary = page.getByTestId('case-summary');
  await expect(summary).toContainText('Waiting for the supervisor');
  await expect(summary).toContainText('Not assigned');
  // The office's supervisor reads the sensitive facts (an audited read).
  await expect(page.getByTestId('case-sensitive')).toContainText('Refugee');
  await checkScreen(page, 'case-summary-supervisor');

  // The triage tab explains the recommendation, one reason per factor.
  await openTab(page, 'Triage');
  const explanation = page.getByTestId('triage-explanation');
  await expect(explanation).toContainText('Recommended track: Targeted');
  await expect(explanation).toContainText('Has a disability: workplace accommodations');
  await expect(explanation).toContainText('No digital skills');
  await expect(explanation.getByRole('row')).toHaveCount(1 + 7 + 1); // header, seven factors, total
  await expect(page.getByText('Nobody has confirmed or overridden the recommendation yet.')).toBeVisible();
  await checkScreen(page, 'case-triage-supervisor');

  // Confirm and assign to the specialist; their load and cap are in the list.
  await page.getByRole('button', { name: 'Confirm and assign' }).click();
  const dialog = page.getByRole('dialog', { name: `Assign case ${kase.reference}` });
  await expect(dialog.getByRole('radio', { name: 'Confirm: Targeted' })).toBeChecked();
  await dialog.getByRole('combobox', { name: 'Case worker' }).click();
  const option = page.getByRole('option', { name: /^Sami Specialist — load \d+ of 60/ });
  await expect(option).toBeVisible();
  // Only specialists are offered for a targeted case.
  await expect(page.getByRole('option', { name: /Camille Counsel/ })).toHaveCount(0);
  const overCap = /over cap/.test((await option.textContent()) ?? '');
  await option.click();
  if (overCap) await dialog.getByLabel(/Reason to go over the cap/).fill('Continuity: the specialist already knows the family.');
  await checkScreen(page, 'case-assign-dialog');
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(page.getByText(`Case ${kase.reference} is assigned to Sami Specialist.`)).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('triage-decisions')).toContainText('Confirmed the Targeted track');
  await expect(page.getByTestId('triage-decisions')).toContainText('Sofia Supervisor (Supervisor)');

  // The history has the decision and the assignment.
  await openTab(page, 'Timeline');
  const timeline = page.getByTestId('case-timeline');
  await expect(timeline).toContainText('Confirmed the Targeted track');
  await expect(timeline).toContainText('Assigned to Sami Specialist');
  await expect(timeline).toContainText('From Triaged to Active');
  await checkScreen(page, 'case-timeline-supervisor');
  await logout(page);

  // The specialist finds the intake the assignment created in the office's targeted queue.
  await login(page, 'specialist@demo.test');
  await menu(page).getByRole('menuitem', { name: 'Targeted queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Targeted queue' })).toBeVisible();
  // The newest intake is due last: sort by due date, latest first.
  await page.getByRole('button', { name: 'Due' }).click();
  const intake = page.getByRole('row').filter({ hasText: kase.reference });
  await expect(intake).toContainText('Specialist intake');
  await checkScreen(page, 'specialist-targeted-queue');

  // ... and the case in their caseload, and opens it.
  await menu(page).getByRole('menuitem', { name: 'My caseload' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My caseload' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'First interview due' })).toBeVisible();
  await checkScreen(page, 'specialist-caseload');
  await field(page, 'Case').fill(kase.reference);
  const row = page.getByRole('row').filter({ hasText: kase.reference });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Targeted');
  await expect(row).toContainText('Active');
  await checkScreen(page, 'specialist-caseload-found');
  await row.getByText(familyName).click();
  await expect(page.getByRole('heading', { level: 1, name: `Case ${kase.reference}` })).toBeVisible();
  await expect(page.getByTestId('case-summary')).toContainText('Sami Specialist');

  // The specialist writes the first note of the case.
  await openTab(page, 'Notes');
  await expect(page.getByText('No notes yet.')).toBeVisible();
  await field(page, 'Note').fill('Intake booked with an Arabic interpreter; accessible room needed.');
  await page.getByRole('radio', { name: /^Restricted/ }).check();
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByText('Note saved.')).toBeVisible();
  const notes = page.getByTestId('case-notes');
  await expect(notes).toContainText('Intake booked with an Arabic interpreter');
  await expect(notes).toContainText('Sami Specialist');
  await expect(notes).toContainText('Restricted');
  await checkScreen(page, 'case-notes-specialist');
});

test('a case worker overrides the track later and the case is marked as overridden', async ({ page, request }) => {
  // A routine case assigned to the demo counsellor through the API.
  const frontDesk = await signIn(request, 'frontdesk@demo.test');
  const supervisor = await signIn(request, 'supervisor@demo.test');
  const counsellor = await signIn(request, 'counsellor@demo.test');
  const registered = await request.post('/api/jobseekers', {
    headers: frontDesk.headers,
    data: {
      givenName: 'Ines',
      familyName: `Overridetest${Date.now() % 100000}`,
      dateOfBirth: '1988-05-06',
      digitalSkills: 'good',
      educationLevel: 5,
    },
  });
  expect(registered.status()).toBe(201);
  const { case: kase, triage } = await registered.json();
  expect(triage.recommendedTrack).toBe('routine');
  const assigned = await request.post(`/api/cases/${kase.id}/assign`, {
    headers: supervisor.headers,
    data: {
      assigneeId: counsellor.user.id,
      version: 1,
      decision: { kind: 'confirm' },
      overCapReason: 'Browser test: the demo caseload may be full.',
    },
  });
  expect(assigned.status()).toBe(200);

  await login(page, 'counsellor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: /Counsellor workspace/ })).toBeVisible();
  await page.goto(`/#/cases/${kase.id}/show/triage`);
  await expect(page.getByTestId('triage-explanation')).toContainText('Recommended track: Routine');
  await page.getByRole('button', { name: 'Override the track' }).click();
  const dialog = page.getByRole('dialog', { name: `Override the track of ${kase.reference}` });
  await expect(dialog).toContainText('Your supervisor receives the override to review.');
  await dialog.getByRole('button', { name: 'Override' }).click();
  // Nothing is sent without a reason and a note.
  await expect(dialog.getByText('Write at least 5 characters.')).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Reason' }).click();
  await page.getByRole('option', { name: 'Barriers known that the model does not score' }).click();
  await dialog.getByLabel(/Explain the override/).fill('Recent bereavement and housing loss: needs intensive support.');
  await checkScreen(page, 'case-override-dialog');
  await dialog.getByRole('button', { name: 'Override' }).click();
  await expect(page.getByText('The track was overridden.')).toBeVisible();
  await expect(page.getByText('Track overridden')).toBeVisible();
  await expect(page.getByTestId('triage-decisions')).toContainText('Overridden: Targeted — Barriers known that the model does not score');
  await checkScreen(page, 'case-triage-overridden');

  // The supervisor has the override to review in their inbox.
  await logout(page);
  await login(page, 'supervisor@demo.test');
  await menu(page).getByRole('menuitem', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await field(page, 'Task').click();
  await page.getByRole('option', { name: 'Review a track override' }).click();
  const review = page.getByRole('row').filter({ hasText: kase.reference });
  await expect(review).toHaveCount(1);
  await expect(review).toContainText('Review a track override');
  await checkScreen(page, 'supervisor-inbox');
  await review.getByRole('button', { name: `Complete ${kase.reference}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Mark as done' }).click();
  await expect(page.getByText('Task completed.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: kase.reference })).toHaveCount(0);
  const inbox = await request.get(
    `/api/work-items?filter=${encodeURIComponent(JSON.stringify({ caseId: kase.id, kind: 'override_review' }))}`,
    { headers: supervisor.headers },
  );
  expect((await inbox.json()).map((w: { status: string }) => w.status)).toEqual(['done']);
});

test('a supervisor asks another office to take a case, and the history says so', async ({ page, request }) => {
  const frontDesk = await signIn(request, 'frontdesk@demo.test');
  const registered = await request.post('/api/jobseekers', {
    headers: frontDesk.headers,
    data: {
      givenName: 'Lena',
      familyName: `Transfertest${Date.now() % 100000}`,
      dateOfBirth: '1979-03-04',
      digitalSkills: 'basic',
      educationLevel: 3,
    },
  });
  expect(registered.status()).toBe(201);
  const { case: kase } = await registered.json();

  await login(page, 'supervisor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: /Supervisor workspace/ })).toBeVisible();
  await page.goto(`/#/cases/${kase.id}/show`);
  await page.getByRole('button', { name: 'Transfer to another office' }).click();
  const dialog = page.getByRole('dialog', { name: `Transfer case ${kase.reference}` });
  await dialog.getByRole('combobox', { name: 'Office' }).click();
  // The case's own office is not offered.
  await expect(page.getByRole('option', { name: 'Northside Job Centre' })).toHaveCount(0);
  await page.getByRole('option', { name: 'Riverside Job Centre' }).click();
  await dialog.getByLabel(/Why the case should move/).fill('Moved to the Riverside area last week.');
  await checkScreen(page, 'case-transfer-dialog');
  await dialog.getByRole('button', { name: 'Request the transfer' }).click();
  await expect(page.getByText('Transfer requested. The other office will decide.')).toBeVisible();
  await openTab(page, 'Timeline');
  await expect(page.getByTestId('case-timeline')).toContainText('Transfer from Northside Job Centre to Riverside Job Centre: requested');

  // A second request while the first waits is refused with a clear message.
  await openTab(page, 'Summary');
  await page.getByRole('button', { name: 'Transfer to another office' }).click();
  await dialog.getByRole('combobox', { name: 'Office' }).click();
  await page.getByRole('option', { name: 'Riverside Job Centre' }).click();
  await dialog.getByLabel(/Why the case should move/).fill('Asking a second time.');
  await dialog.getByRole('button', { name: 'Request the transfer' }).click();
  await expect(dialog.getByRole('alert')).toContainText('This action conflicts with the current state of the record.');
});

test('a supervisor merges a duplicate registration once only one of the two has an open case', async ({ page, request }) => {
  const frontDesk = await signIn(request, 'frontdesk@demo.test');
  const supervisor = await signIn(request, 'supervisor@demo.test');
  const person = {
    givenName: 'Marta',
    familyName: `Mergetest${Date.now() % 100000}`,
    dateOfBirth: '1985-06-07',
    digitalSkills: 'good',
    educationLevel: 4,
  };
  const first = await request.post('/api/jobseekers', { headers: frontDesk.headers, data: person });
  expect(first.status()).toBe(201);
  const a = await first.json();
  // The same person registered again, wrongly confirmed as someone else at the desk.
  const again = await request.post('/api/jobseekers', {
    headers: frontDesk.headers,
    data: { ...person, confirmDifferentPerson: { candidateIds: [a.jobseeker.id], note: 'Desk thought it was a namesake.' } },
  });
  expect(again.status()).toBe(201);
  const b = await again.json();

  await login(page, 'supervisor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: /Supervisor workspace/ })).toBeVisible();
  await page.goto(`/#/cases/${b.case.id}/show`);
  const duplicates = page.getByTestId('case-duplicates');
  await expect(duplicates).toContainText(a.jobseeker.reference);
  await checkScreen(page, 'case-duplicates');
  await duplicates.getByRole('button', { name: `Merge ${a.jobseeker.reference} into this record` }).click();
  const dialog = page.getByRole('dialog', { name: `Merge ${a.jobseeker.reference} into ${b.jobseeker.reference}` });
  await dialog.getByLabel(/How you established/).fill('Same passport number checked at the desk.');
  await dialog.getByRole('button', { name: 'Merge' }).click();
  // Both records still have an open case: refused, and nothing changed.
  await expect(dialog.getByRole('alert')).toContainText('both have an open case');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The supervisor closes the duplicate's case, then merges.
  const other = await (await request.get(`/api/cases/${a.case.id}`, { headers: supervisor.headers })).json();
  const closed = await request.patch(`/api/cases/${a.case.id}`, {
    headers: supervisor.headers,
    data: { status: 'closed', closeReason: 'other', closeNote: 'Duplicate registration', version: other.version },
  });
  expect(closed.status()).toBe(200);
  await duplicates.getByRole('button', { name: `Merge ${a.jobseeker.reference} into this record` }).click();
  await dialog.getByLabel(/How you established/).fill('Same passport number checked at the desk.');
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(page.getByText(`${a.jobseeker.reference} is merged into ${b.jobseeker.reference}.`)).toBeVisible();
  await expect(page.getByText('No other record looks like this person.')).toBeVisible();
  // The merged case now belongs to the kept record, its history intact.
  const moved = await (await request.get(`/api/cases/${a.case.id}`, { headers: supervisor.headers })).json();
  expect(moved.jobseekerId).toBe(b.jobseeker.id);
});
