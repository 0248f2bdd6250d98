import { getJson, listPath } from '../common/api';
import { apiFetch } from '../providers/session';
import type { Appointment, StaffMember } from './types';

const PAGE = 100;
/** A week of a busy office is a few hundred appointments; past this the calendar says it shows only part. */
export const MAX_SHOWN = 2000;

/** Every appointment overlapping [from, to) that matches `filter`, page by page. */
export async function fetchAppointments(filter: Record<string, unknown>, from: Date, to: Date): Promise<Appointment[]> {
  const all: Appointment[] = [];
  for (let start = 0; start < MAX_SHOWN; start += PAGE) {
    const path = listPath('/appointments', {
      filter: { ...filter, from: from.toISOString(), to: to.toISOString() },
      sort: ['startsAt', 'ASC'],
      range: [start, start + PAGE - 1],
    });
    const { json, headers } = await apiFetch(path);
    const page = json as Appointment[];
    all.push(...page);
    const total = Number(headers.get('Content-Range')?.split('/')[1]);
    if (page.length < PAGE || (Number.isFinite(total) && all.length >= total)) break;
  }
  return all;
}

/** The office's counsellors and specialists who take appointments. */
export async function fetchBookableStaff(officeId?: string): Promise<StaffMember[]> {
  const filter: Record<string, unknown> = { role: ['counsellor', 'specialist'], active: true };
  if (officeId) filter.officeId = officeId;
  const staff = await getJson<StaffMember[]>(listPath('/users', { filter, sort: ['fullName', 'ASC'], range: [0, 99] }));
  return staff.filter((s) => !s.away);
}
