import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { checkScreen, DEMO_PASSWORD, field, login, logout, menu } from './helpers';

test.describe.configure({ timeout: 240_000 });

type Auth = { headers: { Authorization: string }; user: { id: string } };
type Case = { id: string; reference: string; jobseekerName: string };
type Plan = { id: string; version: number; goals: Array<{ id: string }> };

const CURRENT = ['draft', 'submitted', 'approved', 'agreed'];
const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

async function signIn(request: APIRequestContext, email: string): Promise<Auth> {
  const res = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status(), `sign-in of ${email}`).toBe(200);
  const body = await res.json();
  return { headers: { Authorization: `Bearer ${body.accessToken}` }, user: body.user };
}

/** One of the case worker's open cases with no current plan, found through the API (demo data varies). */
async function caseWithoutPlan(request: APIRequestContext, auth: Auth, skip: string[] = []): Promise<Case> {
  const res = await request.get(
    `/api/cases?filter=${q({ assignedTo: auth.user.id, status: ['active', 'on_hold'] })}&sort=${q(['openedAt', 'ASC'])}&range=${q([0, 99])}`,
    { headers: auth.headers },
  );
  expect(res.status(), await res.text()).toBe(200);
  for (const c of (await res.json()) as Case[]) {
    if (skip.includes(c.id)) continue;
    const plans = await (await request.get(`/api/intervention-plans?filter=${q({ caseId: c.id })}`, { headers: auth.headers })).json();
    if (!(plans as Array<{ status: string }>).some((p) => CURRENT.includes(p.status))) return c;
  }
  throw new Error('The demo counsellor has no open case without a current plan');
}

/** A plan change through the API, as its author or the supervisor would make it; answers the plan. */
async function change(request: APIRequestContext, auth: Auth, method: 'post' | 'patch', path: string, data: object): Promise<Plan> {
  const res = await request[method](`/api/intervention-plans${path}`, { headers: auth.headers, data });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return res.json();
}

/** A date `days` from now, YYYY-MM-DD (well inside the API's rules whatever the office's time zone). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const inDialog = (dialog: Locator, label: string) => dialog.getByLabel(new RegExp(`^${label}(\\s*\\*)?$`));

async function choose(page: Page, dialog: Locator, label: string, option: string) {
  await dialog.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function openPlanTab(page: Page, kase: Case) {
  await page.goto(`/#/cases/${kase.id}/show/plan`);
  await expect(page.getByRole('heading', { level: 1, name: `Case ${kase.reference}` })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Plan', exact: true, selected: true })).toBeVisible();
}

/** Opens a personal task's case from My tasks / Inbox, filtered to one kind of task. */
async function openTask(page: Page, menuItem: string, kind: string, kase: Case) {
  await menu(page).getByRole('menuitem', { name: menuItem }).click();
  await expect(page.getByRole('heading', { level: 1, name: menuItem })).toBeVisible();
  await field(page, 'Task').click();
  await page.getByRole('option', { name: kind }).click();
  // The task just made is due last among its kind: latest due first.
  await page.getByRole('button', { name: 'Due' }).click();
  const row = page.getByRole('row').filter({ hasText: kase.reference });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(kind);
  return row;
}

test('a counsellor drafts and submits a plan, the supervisor approves it, the jobseeker agrees and gets a copy', async ({
  page,
  request,
}) => {
  const counsellor = await signIn(request, 'counsellor@demo.test');
  const kase = await caseWithoutPlan(request, counsellor);

  await test.step('the counsellor finds the case in their caseload and starts a plan', async () => {
    await login(page, 'counsellor@demo.test');
    await expect(page.getByRole('heading', { level: 1, name: /Counsellor workspace/ })).toBeVisible();
    await menu(page).getByRole('menuitem', { name: 'My caseload' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My caseload' })).toBeVisible();
    await field(page, 'Case').fill(kase.reference);
    const row = page.getByRole('row').filter({ hasText: kase.reference });
    await expect(row).toHaveCount(1);
    await row.getByText(kase.reference).click();
    await expect(page.getByRole('heading', { level: 1, name: `Case ${kase.reference}` })).toBeVisible();
    await page.getByRole('tab', { name: 'Plan', exact: true }).click();
    await expect(page.getByText('This case has no intervention plan yet. Start one')).toBeVisible();
    await checkScreen(page, 'plan-none');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/intervention-plans') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Start a plan' }).click();
    expect((await created).status()).toBe(201);
    await expect(page.getByTestId('plan-facts')).toContainText('Draft');
    await expect(page.getByText('No goals yet.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start a plan' })).toHaveCount(0);
  });

  await test.step('a goal and an action', async () => {
    await page.getByRole('button', { name: 'Add a goal' }).click();
    const goal = page.getByRole('dialog', { name: 'Add a goal' });
    await goal.getByRole('button', { name: 'Add a goal' }).click();
    await expect(goal.getByText('Required')).toBeVisible();
    await inDialog(goal, 'Goal').fill('Find a job as a warehouse team leader');
    await inDialog(goal, 'Target date').fill(inDays(120));
    await checkScreen(page, 'plan-goal-dialog');
    await goal.getByRole('button', { name: 'Add a goal' }).click();
    await expect(page.getByText('Goal added.')).toBeVisible();
    await expect(goal).toBeHidden();
    const goals = page.getByTestId('plan-goals');
    await expect(goals).toContainText('Goal 1');
    await expect(goals).toContainText('Find a job as a warehouse team leader');

    await page.getByRole('button', { name: 'Add an action (Goal 1)' }).click();
    const action = page.getByRole('dialog', { name: 'Add an action' });
    await choose(page, action, 'Type', 'Training');
    await inDialog(action, 'Action').fill('Forklift licence course, two weeks');
    await inDialog(action, 'Provider').fill('Northside Training Centre');
    await expect(action.getByRole('radio', { name: 'A member of staff' })).toBeChecked();
    await expect(action.getByRole('combobox', { name: 'Member of staff' })).toContainText('Camille Counsel');
    await inDialog(action, 'Due date').fill(inDays(30));
    await checkScreen(page, 'plan-action-dialog');
    await action.getByRole('button', { name: 'Add an action' }).click();
    await expect(page.getByText('Action added.')).toBeVisible();
    await expect(action).toBeHidden();
    const actions = page.getByRole('table', { name: 'Actions of goal 1' });
    await expect(actions).toContainText('Forklift licence course, two weeks');
    await expect(actions).toContainText('Northside Training Centre');
    await expect(actions).toContainText('Camille Counsel');
    await expect(actions).toContainText('Planned');
    await checkScreen(page, 'plan-draft');
  });

  await test.step('submitted for approval', async () => {
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit the plan for approval' });
    await checkScreen(page, 'plan-submit-dialog');
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page.getByText('Plan submitted for approval.')).toBeVisible();
    await expect(page.getByTestId('plan-facts')).toContainText('Waiting for approval');
    // Nothing changes while it waits: no more editing, no submitting twice.
    await expect(page.getByRole('button', { name: 'Add a goal' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Submit for approval' })).toHaveCount(0);
    await expect(page.getByTestId('plan-history')).toContainText('Submitted for approval');
    await expect(page.getByTestId('plan-history')).toContainText('Camille Counsel (Counsellor)');
    await checkScreen(page, 'plan-submitted');
    await logout(page);
  });

  await test.step('the supervisor has it in the inbox and in the approvals, and approves it', async () => {
    await login(page, 'supervisor@demo.test');
    await expect(page.getByRole('heading', { level: 1, name: /Supervisor workspace/ })).toBeVisible();
    const item = await openTask(page, 'Inbox', 'Approve a plan', kase);
    await checkScreen(page, 'plan-supervisor-inbox');
    await item.getByRole('link', { name: `Open case ${kase.reference}` }).click();
    await expect(page.getByRole('tab', { name: 'Plan', exact: true, selected: true })).toBeVisible();
    await expect(page.getByTestId('plan-facts')).toContainText('Waiting for approval');

    await menu(page).getByRole('menuitem', { name: 'Plans to approve' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Plans to approve' })).toBeVisible();
    // The longest waiting come first: the plan just submitted is on the last page.
    const list = page.getByTestId('plan-approvals');
    const row = list.getByRole('row').filter({ hasText: kase.reference });
    for (let shown = 1; ; shown++) {
      await expect(list).toHaveAttribute('data-page', String(shown));
      if ((await row.count()) > 0) break;
      await page.getByRole('button', { name: 'Next page' }).click();
    }
    await expect(row).toContainText(kase.jobseekerName);
    await expect(row).toContainText('Camille Counsel');
    await checkScreen(page, 'plan-approvals');
    await row.getByRole('link', { name: `Open the plan of case ${kase.reference}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Case ${kase.reference}` })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Plan', exact: true, selected: true })).toBeVisible();
    // The supervisor reads the plan, and only decides on it.
    await expect(page.getByRole('button', { name: 'Add a goal' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel the plan' })).toHaveCount(0);
    await checkScreen(page, 'plan-supervisor');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve the plan' });
    await inDialog(dialog, 'Comment for the case worker').fill('Good plan. Check the course start date with the provider.');
    await checkScreen(page, 'plan-approve-dialog');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByText('Plan approved.')).toBeVisible();
    await expect(page.getByTestId('plan-facts')).toContainText('Approved, to agree with the jobseeker');
    await expect(page.getByTestId('plan-facts')).toContainText('Sofia Supervisor');
    await expect(page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
    await logout(page);
  });

  await test.step('the counsellor records the agreement and downloads the jobseeker’s copy', async () => {
    await login(page, 'counsellor@demo.test');
    await expect(page.getByRole('heading', { level: 1, name: /Counsellor workspace/ })).toBeVisible();
    const item = await openTask(page, 'My tasks', 'Agree the plan with the jobseeker', kase);
    await item.getByRole('link', { name: `Open case ${kase.reference}` }).click();
    await expect(page.getByRole('tab', { name: 'Plan', exact: true, selected: true })).toBeVisible();
    await expect(page.getByTestId('plan-facts')).toContainText('Check the course start date with the provider.');
    await page.getByRole('button', { name: 'Record the agreement' }).click();
    const dialog = page.getByRole('dialog', { name: /Record the jobseeker.s agreement/ });
    await expect(inDialog(dialog, 'Agreed on')).not.toHaveValue('');
    await choose(page, dialog, 'How the jobseeker agreed', 'Signed on paper');
    await inDialog(dialog, 'Next review date').fill(inDays(60));
    await checkScreen(page, 'plan-agree-dialog');
    await dialog.getByRole('button', { name: 'Record the agreement' }).click();
    await expect(page.getByText('Agreement recorded.')).toBeVisible();
    await expect(page.getByTestId('plan-facts')).toContainText('Agreed with the jobseeker');
    await expect(page.getByTestId('plan-facts')).toContainText('Signed on paper');
    await expect(page.getByTestId('plan-history')).toContainText('Agreed with the jobseeker on');
    await checkScreen(page, 'plan-agreed');

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => /\/api\/intervention-plans\/[0-9a-f-]+\/document$/.test(r.url())),
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download the jobseeker.s copy \(PDF\)/ }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    // The token travels in a header, never in the address.
    expect(response.url()).not.toMatch(/token|Bearer/i);
    expect((await response.request().allHeaders())['authorization']).toMatch(/^Bearer /);
    // What the browser saved is the response's body (Chromium does not keep the body of a fetch read as a Blob for Playwright).
    expect(download.suggestedFilename()).toBe(`plan-${kase.reference}.pdf`);
    const saved = await readFile(await download.path());
    expect(saved.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(saved.length).toBe(Number(response.headers()['content-length']));
    await expect(page.getByText('The jobseeker’s copy is downloaded.')).toBeVisible();
  });
});

test('a returned plan shows the supervisor’s comment; an agreed plan completes once every goal has an outcome', async ({
  page,
  request,
}) => {
  const counsellor = await signIn(request, 'counsellor@demo.test');
  const supervisor = await signIn(request, 'supervisor@demo.test');
  // Set up through the API, as the counsellor and the supervisor would: two goals with an action each, submitted and returned.
  const kase = await caseWithoutPlan(request, counsellor);
  let plan = await change(request, counsellor, 'post', '', { caseId: kase.id });
  for (const description of ['Improve my spoken English for work', 'Get a driving licence']) {
    plan = await change(request, counsellor, 'post', `/${plan.id}/goals`, { description, version: plan.version });
    const goalId = plan.goals[plan.goals.length - 1].id;
    plan = await change(request, counsellor, 'post', `/${plan.id}/goals/${goalId}/actions`, {
      type: 'training',
      description: `Course for: ${description}`,
      owner: 'jobseeker',
      version: plan.version,
    });
  }
  plan = await change(request, counsellor, 'post', `/${plan.id}/submit`, { version: plan.version });
  plan = await change(request, supervisor, 'post', `/${plan.id}/return`, {
    comment: 'Add a target date to each goal.',
    version: plan.version,
  });

  await login(page, 'counsellor@demo.test');
  await expect(page.getByRole('heading', { level: 1, name: /Counsellor workspace/ })).toBeVisible();
  await openPlanTab(page, kase);
  const returned = page.getByTestId('plan-return-comment');
  await expect(returned).toContainText('Returned for changes by Sofia Supervisor');
  await expect(returned).toContainText('Add a target date to each goal.');
  await expect(page.getByTestId('plan-facts')).toContainText('Draft');
  await checkScreen(page, 'plan-returned');

  // Approved and agreed through the API; then the counsellor records how it went.
  plan = await change(request, counsellor, 'post', `/${plan.id}/submit`, { version: plan.version });
  plan = await change(request, supervisor, 'post', `/${plan.id}/approve`, { version: plan.version });
  // The agreement is dated today in the office's calendar (not before the approval, not after today).
  const { officeId } = await (await request.get(`/api/cases/${kase.id}`, { headers: counsellor.headers })).json();
  const { timeZone } = await (await request.get(`/api/offices/${officeId}`, { headers: counsellor.headers })).json();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  plan = await change(request, counsellor, 'post', `/${plan.id}/agree`, {
    agreedOn: today,
    method: 'verbal_in_person',
    nextReviewDate: inDays(45),
    version: plan.version,
  });
  await page.reload();
  await expect(page.getByTestId('plan-facts')).toContainText('Agreed with the jobseeker');
  await expect(page.getByTestId('plan-return-comment')).toHaveCount(0);
  await expect(page.getByText('No outcome yet')).toHaveCount(2);

  // Completing is refused while goals have no outcome, and the dialog says which.
  await page.getByRole('button', { name: 'Complete the plan' }).click();
  const complete = page.getByRole('dialog', { name: 'Complete the plan' });
  await expect(complete.getByTestId('plan-goals-without-outcome')).toContainText('Get a driving licence');
  await complete.getByRole('button', { name: 'Complete', exact: true }).click();
  await expect(complete.getByRole('alert')).toContainText('Record an outcome for every goal before completing the plan.');
  await checkScreen(page, 'plan-complete-refused');
  await complete.getByRole('button', { name: 'Cancel' }).click();

  for (const [n, outcome] of [
    [1, 'Achieved'],
    [2, 'Partly achieved'],
  ] as const) {
    await page.getByRole('button', { name: `Record the outcome (Goal ${n})` }).click();
    const dialog = page.getByRole('dialog', { name: 'Outcome of the goal' });
    await choose(page, dialog, 'Outcome', outcome);
    await inDialog(dialog, 'Note on the outcome').fill(`Goal ${n}: ${outcome.toLowerCase()}.`);
    if (n === 1) await checkScreen(page, 'plan-outcome-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
  }
  await page.getByRole('button', { name: 'Update progress (action 1 of goal 1)' }).click();
  const progress = page.getByRole('dialog', { name: 'Progress of the action' });
  await choose(page, progress, 'Status', 'Done');
  await progress.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Progress saved.')).toBeVisible();
  await expect(page.getByText('No outcome yet')).toHaveCount(0);

  await page.getByRole('button', { name: 'Complete the plan' }).click();
  await expect(complete.getByTestId('plan-goals-without-outcome')).toHaveCount(0);
  await complete.getByRole('button', { name: 'Complete', exact: true }).click();
  await expect(page.getByText('Plan completed.')).toBeVisible();
  await expect(page.getByTestId('plan-facts')).toContainText('Completed');
  // The case is still open and has no current plan: a new one can be started.
  await expect(page.getByRole('button', { name: 'Start a plan' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Latest plan' })).toBeVisible();
  await checkScreen(page, 'plan-completed');
});
