import { suggestMoves, type MovableCase, type StaffLoad } from './caseload.js';

const cases = (owner: string, n: number, track: 'routine' | 'targeted' = 'routine'): MovableCase[] =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `${owner}-${i}`,
    reference: `C-${owner}-${i}`,
    assignedTo: owner,
    track,
    assignedAt: `2026-11-${String(10 + i).padStart(2, '0')}`,
  }));

describe('caseload suggestions', () => {
  it('moves the most recently assigned cases from an over-cap counsellor until everyone is under cap', () => {
    const staff: StaffLoad[] = [
      { userId: 'a', role: 'counsellor', cap: 3, load: 5, available: true },
      { userId: 'b', role: 'counsellor', cap: 4, load: 1, available: true },
      { userId: 'c', role: 'counsellor', cap: 4, load: 3, available: true },
    ];
    const moves = suggestMoves(staff, cases('a', 5));
    expect(moves.map((m) => [m.caseId, m.toUserId])).toEqual([
      ['a-4', 'b'],
      ['a-3', 'b'],
    ]);
  });

  it('never proposes a move that puts someone else over cap, or to the wrong role or someone away', () => {
    const staff: StaffLoad[] = [
      { userId: 'a', role: 'specialist', cap: 2, load: 4, available: true },
      { userId: 'b', role: 'counsellor', cap: 10, load: 0, available: true },
      { userId: 'c', role: 'specialist', cap: 10, load: 0, available: false },
      { userId: 'd', role: 'specialist', cap: 3, load: 2, available: true },
    ];
    expect(suggestMoves(staff, cases('a', 2, 'targeted'))).toEqual([]);
  });
});
