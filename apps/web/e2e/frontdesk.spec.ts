import { expect, test } from '@playwright/test';
import { checkScreen, login, menu } from './helpers';

test.describe.configure({ timeout: 180_000 });

test('front desk takes the next routine item and clears it', async ({ page }) => {
  await login(page, 'frontdesk@demo.test');
  await menu(page).getByRole('menuitem', { name: 'Routine queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Routine queue' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Due' })).toBeVisible();
  await expect(page.getByText('Overdue').first()).toBeVisible();
  await checkScreen(page, 'frontdesk-queue');

  // Take the next item; then the completion dialog asks to confirm (documents for a registration check).
  const claimed = page.waitForResponse((r) => r.url().endsWith('/api/work-items/claim-next'));
  await page.getByRole('button', { name: 'Take next' }).click();
  expect((await claimed).status()).toBe(200);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await checkScreen(page, 'frontdesk-complete-dialog');
  if (await dialog.getByRole('group', { name: /Documents checked/ }).count()) {
    await dialog.getByRole('button', { name: 'Mark as done' }).click();
    await expect(dialog.getByText('Tick at least one document')).toBeVisible();
    await dialog.getByRole('checkbox', { name: 'Identity document' }).check();
  }
  const completed = page.waitForResponse((r) => r.url().endsWith('/complete'));
  await dialog.getByRole('button', { name: 'Mark as done' }).click();
  expect((await completed).status()).toBe(200);
  await expect(page.getByText('Task completed.')).toBeVisible();
});

test('a verify-registration item needs the documents checked', async ({ page }) => {
  await login(page, 'frontdesk@demo.test');
  await menu(page).getByRole('menuitem', { name: 'Routine queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Routine queue' })).toBeVisible();
  const row = page
    .getByRole('row')
    .filter({ hasText: 'Verify registration documents' })
    .filter({ has: page.getByRole('button', { name: /^Claim / }) })
    .first();
  await row.getByRole('button', { name: /^Claim / }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('group', { name: /Documents checked/ })).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'Identity document' }).check();
  await dialog.getByRole('checkbox', { name: 'Proof of address' }).check();
  await checkScreen(page, 'frontdesk-verify-registration');
  const completed = page.waitForResponse((r) => r.url().endsWith('/complete'));
  await dialog.getByRole('button', { name: 'Mark as done' }).click();
  const response = await completed;
  expect(response.status()).toBe(200);
  expect(response.request().postDataJSON().documentsChecked).toEqual(['identity_document', 'proof_of_address']);
});
