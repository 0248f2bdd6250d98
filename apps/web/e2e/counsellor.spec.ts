import { expect, test } from '@playwright/test';
import { checkScreen, login, logout, menu } from './helpers';

test('a counsellor sees their workspace and colleagues, and no admin screen', async ({ page }) => {
  const auditRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/audit-events')) auditRequests.push(r.url());
  });

  await login(page, 'counsellor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: 'Counsellor workspace' })).toBeVisible();
  await expect(page.getByTestId('workspace-name')).toHaveText('Camille Counsel');
  await expect(page.getByTestId('workspace-role')).toHaveText('Counsellor');
  await expect(page.getByTestId('workspace-office')).toHaveText('Northside Job Centre');
  await checkScreen(page, 'counsellor-workspace');

  await expect(menu(page).getByRole('menuitem', { name: 'Colleagues' })).toBeVisible();
  for (const item of ['Users', 'Regions', 'Audit log']) {
    await expect(menu(page).getByRole('menuitem', { name: item, exact: true })).toHaveCount(0);
  }

  await test.step('colleagues: own office only, read-only', async () => {
    await menu(page).getByRole('menuitem', { name: 'Colleagues' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Colleagues' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Camille Counsel' })).toBeVisible();
    // Chidi works at Riverside: not a colleague of this office, even when searched for.
    await page.getByPlaceholder('Search').fill('Chidi');
    await expect(page.getByText('No Users found')).toBeVisible();
    await page.getByPlaceholder('Search').fill('Sofia');
    await expect(page.getByRole('cell', { name: 'Sofia Supervisor' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create' })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveCount(0);
    await checkScreen(page, 'counsellor-colleagues');
    await page.getByRole('cell', { name: 'Sofia Supervisor' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Sofia Supervisor');
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await checkScreen(page, 'counsellor-colleague-show');
  });

  await test.step('typing the audit log address shows no audit data', async () => {
    await page.goto('/#/audit-events');
    await expect(page.getByRole('heading', { level: 1, name: 'Access denied' })).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
    await checkScreen(page, 'counsellor-audit-denied');
    await page.goto('/#/users/create');
    await expect(page.getByRole('heading', { level: 1, name: 'Access denied' })).toBeVisible();
    expect(auditRequests).toEqual([]);
  });

  await logout(page);
});
