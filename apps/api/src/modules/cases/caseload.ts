import { TRACK_WEIGHT, type Track } from '@casework/contracts';

export interface StaffLoad {
  userId: string;
  role: 'counsellor' | 'specialist';
  cap: number | null;
  load: number;
  available: boolean;
}

export interface MovableCase {
  caseId: string;
  reference: string;
  assignedTo: string;
  track: Track;
  /** Most recently assigned first: the cheapest to move, no relationship built yet. */
  assignedAt: string;
}

export interface Move {
  caseId: string;
  reference: string;
  fromUserId: string;
  toUserId: string;
  weight: number;
}

const TRACK_ROLE: Record<Track, StaffLoad['role']> = { routine: 'counsellor', targeted: 'specialist' };

/**
 * Proposes moves that bring everyone under their cap: from each over-cap person, their most
 * recently assigned cases go to the colleague of the right role with the most room who stays
 * within cap. When nobody has room, the move is not proposed (the supervisor must decide).
 */
export function suggestMoves(staff: StaffLoad[], cases: MovableCase[]): Move[] {
  const load = new Map(staff.map((s) => [s.userId, s.load]));
  const moves: Move[] = [];
  const over = staff.filter((s) => s.cap !== null && s.load > s.cap).sort((a, b) => b.load - b.cap! - (a.load - a.cap!));
  for (const person of over) {
    const theirs = cases.filter((c) => c.assignedTo === person.userId).sort((a, b) => b.assignedAt.localeCompare(a.assignedAt));
    for (const c of theirs) {
      if (load.get(person.userId)! <= person.cap!) break;
      const weight = TRACK_WEIGHT[c.track];
      const target = staff
        .filter(
          (s) =>
            s.userId !== person.userId &&
            s.available &&
            s.role === TRACK_ROLE[c.track] &&
            s.cap !== null &&
            load.get(s.userId)! + weight <= s.cap,
        )
        .sort((a, b) => a.load / a.cap! - b.load / b.cap! || a.cap! - load.get(a.userId)! - (b.cap! - load.get(b.userId)!))[0];
      if (!target) continue;
      load.set(person.userId, load.get(person.userId)! - weight);
      load.set(target.userId, load.get(target.userId)! + weight);
      target.load = load.get(target.userId)!;
      moves.push({ caseId: c.caseId, reference: c.reference, fromUserId: person.userId, toUserId: target.userId, weight });
    }
  }
  return moves;
}
