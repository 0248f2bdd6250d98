import { expect, test } from '@playwright/test';
import { checkScreen, login, menu } from './helpers';

test('switching to French then Spanish changes the labels, and the choice survives a reload', async ({ page }) => {
  await login(page, 'supervisor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: 'Supervisor workspace' })).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Offices' })).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('menuitem', { name: 'Français' }).click();
  await expect(menu(page).getByRole('menuitem', { name: 'Espace de travail' })).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Collègues' })).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Agences' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Espace Responsable d’équipe' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await checkScreen(page, 'supervisor-workspace-fr');

  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByRole('menuitem', { name: 'Español' }).click();
  await expect(menu(page).getByRole('menuitem', { name: 'Espacio de trabajo' })).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Compañeros' })).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Oficinas' })).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Regiones' })).toBeVisible();

  await page.reload();
  await expect(menu(page).getByRole('menuitem', { name: 'Oficinas' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Espacio de Supervisión' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await checkScreen(page, 'supervisor-workspace-es');

  await menu(page).getByRole('menuitem', { name: 'Oficinas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Oficinas' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Zona horaria' })).toBeVisible();
  await checkScreen(page, 'supervisor-offices-es');

  // Back to English for the other tests' sake (the choice is stored in this browser only).
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(menu(page).getByRole('menuitem', { name: 'Offices' })).toBeVisible();
});
