import { expect, test, type Page } from '@playwright/test';
import { checkScreen, field, login, menu } from './helpers';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

const person = { givenName: 'Amadou', familyName: `Testregistrant${Date.now() % 100000}`, dateOfBirth: '1988-03-21' };

async function fillWizard(page: Page, shots: boolean) {
  await menu(page).getByRole('menuitem', { name: 'Register a jobseeker' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register a jobseeker' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Step 1 of 4: Identity' })).toBeVisible();
  // Required fields are checked before going on.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Required').first()).toBeVisible();
  await field(page, 'Given name').fill(person.givenName);
  await field(page, 'Family name').fill(person.familyName);
  await field(page, 'Date of birth').fill(person.dateOfBirth);
  await field(page, 'Phone').fill('+33 6 12 34 56 78');
  if (shots) await checkScreen(page, 'register-identity');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Step 2 of 4: Situation' })).toBeVisible();
  await field(page, 'Highest education level').click();
  await page.getByRole('option', { name: 'Upper secondary education' }).click();
  await field(page, 'Last occupation').fill('nursing');
  await page.getByRole('option', { name: '2221 Nursing professionals' }).click();
  if (shots) await checkScreen(page, 'register-situation');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Step 3 of 4: Needs' })).toBeVisible();
  await expect(page.getByText('front desk staff will only see whether each of them is set')).toBeVisible();
  await field(page, 'Has a disability').check();
  if (shots) await checkScreen(page, 'register-needs');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Step 4 of 4: Consent' })).toBeVisible();
  await field(page, 'Consents to sharing data with partners').check();
  await field(page, 'Consent ends on').fill('2027-12-31');
  if (shots) await checkScreen(page, 'register-consent');
}

test('front desk registers a jobseeker and sees the case reference and triage reasons', async ({ page }) => {
  await login(page, 'frontdesk@demo.test');
  await fillWizard(page, true);
  const created = page.waitForResponse((r) => r.url().endsWith('/api/jobseekers') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Register' }).click();
  const response = await created;
  expect(response.status()).toBe(201);
  const body = response.request().postDataJSON();
  expect(body).toMatchObject({ lastOccupation: '2221', educationLevel: 3, disability: true, consentExpiresOn: '2027-12-31' });
  const { case: kase } = await response.json();
  await expect(page.getByRole('heading', { level: 2, name: 'Registration complete' })).toBeVisible();
  await expect(page.getByTestId('registration-result')).toContainText(kase.reference);
  await expect(page.getByText(/Recommended track: (Routine|Targeted)/)).toBeVisible();
  await checkScreen(page, 'register-result');
});

test('registering the same person again shows the possible duplicate and needs a confirmation with a note', async ({ page }) => {
  await login(page, 'frontdesk@demo.test');
  await fillWizard(page, false);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'This person may already be registered' })).toBeVisible();
  await expect(page.getByRole('cell', { name: new RegExp(person.familyName) })).toBeVisible();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('Confirm that this is a different person')).toBeVisible();
  await page.getByRole('checkbox', { name: 'This is a different person' }).check();
  await field(page, 'Why you are sure this is a different person').fill('Different mother, verified by ID');
  await checkScreen(page, 'register-duplicates');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/jobseekers') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Register' }).click();
  const response = await created;
  expect(response.status()).toBe(201);
  expect(response.request().postDataJSON().confirmDifferentPerson.note).toBe('Different mother, verified by ID');
  await expect(page.getByRole('heading', { level: 2, name: 'Registration complete' })).toBeVisible();
});
