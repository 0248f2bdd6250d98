import { useCallback, useEffect, useState } from 'react';
import { apiFetch } from '../providers/session';

export interface ApiGet<T> {
  data?: T;
  /** The Content-Range total when the API sent one. */
  total?: number;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs one API path (null: nothing yet) and keeps the answer; `reload` fetches it again.
 * For the few reads that are not a react-admin resource (a case's triage, its timeline).
 * While a new answer is on its way the previous one stays, so lists do not blink.
 */
export function useApiGet<T>(path: string | null): ApiGet<T> {
  const [generation, setGeneration] = useState(0);
  const key = path ? `${generation}:${path}` : null;
  const [state, setState] = useState<{ key: string | null; data?: T; total?: number; error?: unknown }>({ key: null });
  useEffect(() => {
    if (!key || !path) return;
    let live = true;
    apiFetch(path).then(
      ({ json, headers }) => {
        const total = Number(headers.get('Content-Range')?.split('/')[1]);
        if (live) setState({ key, data: json as T, total: Number.isFinite(total) ? total : undefined });
      },
      (error: unknown) => live && setState((s) => ({ ...s, key, error })),
    );
    return () => {
      live = false;
    };
  }, [key, path]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.key === key;
  return { data: state.data, total: state.total, error: current ? state.error : undefined, loading: !!key && !current, reload };
}
