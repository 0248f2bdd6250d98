import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Casework-demo-2026';

/** Screenshots land in test-results (gitignored) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/**
 * Runs axe (WCAG 2.1 A and AA) on the current screen and fails on any
 * violation, then keeps a screenshot of the screen checked.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  // Let entry animations and lazy content settle so axe sees the final colours; move the pointer off
  // whatever was clicked last, so a hover tooltip (a portal outside the page's landmarks) closes.
  await page.mouse.move(1, 1);
  await page.waitForLoadState('networkidle');
  // Check the settled screen: on a loaded machine a list may still be fetching.
  await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), null, { timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  await screenshot(page, name);
  expect(summary, `accessibility violations on ${name}`).toEqual([]);
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Casework' })).toBeVisible();
  await field(page, 'Email address').fill(email);
  await field(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Casework' })).toBeVisible();
}

export function menu(page: Page) {
  return page.locator('.RaSidebar-fixed');
}

/** A form field by its exact label, ignoring the asterisk of required fields. */
export function field(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}(\\s*\\*)?$`));
}

/** Types into a list's search box; lists are searched rather than paged so tests do not depend on how much demo data there is. */
export async function search(page: Page, text: string, placeholder = 'Search'): Promise<void> {
  await page.getByPlaceholder(placeholder).fill(text);
}
