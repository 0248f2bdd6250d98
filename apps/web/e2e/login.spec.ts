import { expect, test } from '@playwright/test';
import { checkScreen, field, login, logout, search } from './helpers';

test('the login page works by keyboard and a wrong password shows the translated generic error', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Casework' })).toBeVisible();
  await checkScreen(page, 'login');

  // The email field has focus; Tab moves to the password, Enter submits.
  await expect(field(page, 'Email address')).toBeFocused();
  await page.keyboard.type('frontdesk@demo.test');
  await page.keyboard.press('Tab');
  await expect(field(page, 'Password')).toBeFocused();
  await page.keyboard.type('not the right password');
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('The email address or password is incorrect.');
  await checkScreen(page, 'login-wrong-password');

  // The same message, translated, in French.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('menuitem', { name: 'Français' }).click();
  await field(page, 'Mot de passe').fill('still not right');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toHaveText('L’adresse e-mail ou le mot de passe est incorrect.');
  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
});

test('logout returns to the login page and the back button shows no data', async ({ page }) => {
  await login(page, 'admin@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: 'Administration workspace' })).toBeVisible();
  await page.goto('/#/users');
  await search(page, 'Camille');
  await expect(page.getByRole('cell', { name: 'Camille Counsel' })).toBeVisible();

  await logout(page);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Casework' })).toBeVisible();
  await expect(page.getByText('Camille Counsel')).toHaveCount(0);

  // A reload does not bring the session back either: it ended on the server.
  await page.goto('/#/users');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Casework' })).toBeVisible();
  await expect(page.getByText('Camille Counsel')).toHaveCount(0);
});

test('two tabs restored at the same time both stay signed in (they share one refresh cookie)', async ({ page, context }) => {
  await login(page, 'specialist@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: 'Specialist workspace' })).toBeVisible();
  const second = await context.newPage();
  await second.goto('/#/users');
  await expect(second.getByRole('heading', { level: 1, name: 'Colleagues' })).toBeVisible();

  // Both tabs lose their in-memory token and refresh at once; a slow network makes the two refreshes overlap.
  await context.route('**/api/auth/refresh', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await Promise.all([page.reload(), second.reload()]);
  await expect(page.getByRole('heading', { level: 1, name: 'Specialist workspace' })).toBeVisible();
  await expect(second.getByRole('heading', { level: 1, name: 'Colleagues' })).toBeVisible();
  await search(second, 'Sami');
  await expect(second.getByRole('cell', { name: 'Sami Specialist' })).toBeVisible();
  await second.close();
  await logout(page);
});
