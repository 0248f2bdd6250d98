import { createContext, useContext, useState } from 'react';
import { useGetOne, useNotify, useTranslate, type RaRecord } from 'react-admin';
import type { FieldError, OfficeDto } from '@casework/contracts';
import { errorBody, errorCode, errorText } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { apiFetch } from '../providers/session';
import { todayIn, type Plan, type PlanAbilities } from './model';
import type { CaseRecord } from '../cases/types';

/**
 * One change to a plan, its goals or its actions, carrying the plan's version as last read
 * (a DELETE has no body: the version goes in the query). Every change answers the whole plan.
 */
export async function sendPlan(
  plan: Pick<Plan, 'id' | 'version'>,
  path: string,
  method: 'POST' | 'PATCH' | 'DELETE',
  body: object = {},
): Promise<Plan> {
  const url = `/intervention-plans/${plan.id}${path}`;
  const { json } =
    method === 'DELETE'
      ? await apiFetch(`${url}?version=${plan.version}`, { method })
      : await apiFetch(url, { method, body: JSON.stringify({ ...body, version: plan.version }) });
  return json as Plan;
}

/**
 * The plan on screen: read from the API, replaced by what each change answers (so the next change
 * carries the new version straight away), read again on `reload`.
 */
export function usePlanRecord(id: string | null) {
  const fetched = useApiGet<Plan>(id ? `/intervention-plans/${id}` : null);
  const [written, setWritten] = useState<Plan | null>(null);
  const read = fetched.data?.id === id ? fetched.data : undefined;
  const plan = written?.id === id && written.version > (read?.version ?? 0) ? written : read;
  return { plan, loading: fetched.loading && !plan, error: fetched.error, reload: fetched.reload, apply: setWritten };
}

export interface PlanContextValue {
  plan: Plan;
  kase: CaseRecord;
  abilities: PlanAbilities;
  /** Shows a plan a change answered, and reads the case's plans and the history again. */
  apply: (plan: Plan) => void;
  /** Reads the plan again (after someone else changed it). */
  reload: () => void;
}

export const PlanContext = createContext<PlanContextValue | null>(null);

export function usePlanContext(): PlanContextValue {
  const value = useContext(PlanContext);
  if (!value) throw new Error('usePlanContext outside a PlanContext');
  return value;
}

export interface Refusal {
  text: string;
  code?: string;
  errors?: FieldError[];
}

/**
 * Runs one change of the plan on screen for a dialog or a button: success shows the new plan and
 * says so; a stale version reads the plan again and says why (nothing was changed); any other
 * refusal stays with the caller to show, in the screen's words (`cw_plan.rules.<field>.<rule>`).
 */
export function usePlanChange(onDone?: () => void) {
  const { plan, apply, reload } = usePlanContext();
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const run = async (path: string, method: 'POST' | 'PATCH' | 'DELETE', body: object, done: string): Promise<boolean> => {
    setBusy(true);
    setRefusal(null);
    try {
      apply(await sendPlan(plan, path, method, body));
      notify(done, { type: 'success' });
      setBusy(false);
      onDone?.();
      return true;
    } catch (error) {
      setBusy(false);
      if (errorCode(error) === 'STALE_VERSION') {
        notify('cw_plan.stale', { type: 'warning' });
        reload();
        onDone?.();
        return false;
      }
      setRefusal({
        text: errorText(error, translate, 'cw_plan.rules'),
        code: errorCode(error),
        errors: errorBody<{ errors?: FieldError[] }>(error)?.errors,
      });
      return false;
    }
  };
  return { busy, refusal, run, clear: () => setRefusal(null) };
}

/** Today in the calendar of the case's office, which the API checks plan dates against. */
export function useOfficeToday(): string {
  const { kase } = usePlanContext();
  const { data: office } = useGetOne<RaRecord & OfficeDto>('offices', { id: kase.officeId });
  return todayIn(office?.timeZone);
}
