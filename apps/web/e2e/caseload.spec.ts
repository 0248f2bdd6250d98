import { expect, test, type APIRequestContext } from '@playwright/test';
import { checkScreen, DEMO_PASSWORD, field, login, menu } from './helpers';

test.describe.configure({ timeout: 180_000 });

async function signIn(request: APIRequestContext, email: string) {
  const body = await (await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } })).json();
  return { headers: { Authorization: `Bearer ${body.accessToken}` }, user: body.user as { id: string } };
}

test('a case a supervisor assigns to a specialist shows in the specialist’s caseload', async ({ page, request }) => {
  // Setup through the API: front desk registers a person with many barriers (targeted track),
  // the supervisor confirms the triage and assigns the case to the specialist.
  const frontDesk = await signIn(request, 'frontdesk@demo.test');
  const supervisor = await signIn(request, 'supervisor@demo.test');
  const specialist = await signIn(request, 'specialist@demo.test');
  const registered = await request.post('/api/jobseekers', {
    headers: frontDesk.headers,
    data: {
      givenName: 'Yusuf',
      familyName: `Caseloadtest${Date.now() % 100000}`,
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
  const { case: kase, triage } = await registered.json();
  expect(triage.recommendedTrack).toBe('targeted');
  const assigned = await request.post(`/api/cases/${kase.id}/assign`, {
    headers: supervisor.headers,
    data: { assigneeId: specialist.user.id, version: 1, decision: { kind: 'confirm' } },
  });
  expect(assigned.status()).toBe(200);

  await login(page, 'specialist@demo.test');
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
});
