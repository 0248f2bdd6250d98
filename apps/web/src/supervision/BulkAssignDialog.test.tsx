import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AdminContext, testDataProvider } from 'react-admin';
import { i18nProvider } from '../providers/i18nProvider';
import { resetSessionForTests, setSession } from '../providers/session';
import { mockFetch, user, type Call } from '../providers/testing';
import { BulkAssignDialog } from './BulkAssignDialog';
import type { Caseload, UnassignedCase } from './model';

const person = (over: Partial<Caseload>): Caseload => ({
  id: 'c1',
  fullName: 'Camille Counsel',
  role: 'counsellor',
  active: true,
  away: false,
  cap: 10,
  openCases: 9,
  routineCases: 9,
  targetedCases: 0,
  load: 9,
  overCap: false,
  version: 1,
  ...over,
});
const people = [person({}), person({ id: 's1', fullName: 'Sami Specialist', role: 'specialist', cap: 40, load: 20 })];
const kase: UnassignedCase = {
  id: 'k1',
  reference: 'C-2026-000001',
  jobseekerName: 'Noor Test',
  status: 'registered',
  track: null,
  recommendedTrack: 'routine',
  overridden: false,
  assignedTo: null,
  assigneeName: null,
  priorityGroups: [],
  openedAt: '2026-11-30T10:00:00.000Z',
  firstInterviewDue: '2026-12-10',
  version: 1,
};

function renderDialog(onClose = vi.fn()) {
  render(
    <AdminContext dataProvider={testDataProvider()} i18nProvider={i18nProvider}>
      <BulkAssignDialog cases={[kase]} onClose={onClose} />
    </AdminContext>,
  );
  return onClose;
}

const assignCalls = (calls: Call[]) => calls.filter((c) => c.url === '/api/cases/bulk-assign');

beforeEach(() => {
  resetSessionForTests();
  setSession({ accessToken: 't', expiresIn: 900, user: { ...user, role: 'supervisor' } });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('bulk assign dialog', () => {
  it('asks for an over-cap reason when the API answers OVER_CAP, and sends it with the same cases', async () => {
    let refused = false;
    const calls = mockFetch(({ url, body }) => {
      if (url === '/api/caseloads') return { status: 200, body: refused ? [person({ cap: 9 }), people[1]] : people };
      if (!(body as { overCapReason?: string }).overCapReason) {
        refused = true;
        return { status: 409, body: { statusCode: 409, code: 'OVER_CAP', message: 'over', errors: [] } };
      }
      return { status: 200, body: [] };
    });
    const onClose = renderDialog();
    fireEvent.click(await screen.findByRole('radio', { name: /Camille Counsel/ }));
    expect(screen.getByText(/Load 9 of 10, 10 after this assignment/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));

    await screen.findByText(/would take Camille Counsel over their cap/);
    expect(assignCalls(calls)[0].body).toEqual({ caseIds: ['k1'], assigneeId: 'c1' });
    const reason = screen.getByRole('textbox', { name: /Reason for going over the cap/ });

    // Too short: nothing is sent.
    fireEvent.change(reason, { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign over cap' }));
    expect(screen.getByText('Give a reason of at least 5 characters')).toBeTruthy();
    expect(assignCalls(calls)).toHaveLength(1);

    fireEvent.change(reason, { target: { value: '  Covering for a colleague  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign over cap' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true));
    expect(assignCalls(calls)[1].body).toEqual({ caseIds: ['k1'], assigneeId: 'c1', overCapReason: 'Covering for a colleague' });
  });

  it('explains a refusal for the wrong role in words', async () => {
    mockFetch(({ url }) =>
      url === '/api/caseloads'
        ? { status: 200, body: people }
        : {
            status: 400,
            body: {
              statusCode: 400,
              code: 'VALIDATION_FAILED',
              message: 'routine cases go to a counsellor',
              errors: [{ field: 'assigneeId', rule: 'roleForTrack', message: 'routine cases go to a counsellor' }],
            },
          },
    );
    const onClose = renderDialog();
    const sami = await screen.findByRole('radio', { name: /Sami Specialist/ });
    expect(screen.getByText(/specialists take targeted cases only/)).toBeTruthy();
    fireEvent.click(sami);
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    const alert = await screen.findByText(/Routine cases go to counsellors and targeted cases to specialists/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('needs a person before sending anything', async () => {
    const calls = mockFetch(() => ({ status: 200, body: people }));
    renderDialog();
    await screen.findByRole('radio', { name: /Camille Counsel/ });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    expect(screen.getByText('Choose the person who will take these cases')).toBeTruthy();
    expect(assignCalls(calls)).toHaveLength(0);
  });
});
