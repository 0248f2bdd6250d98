import { useCallback, useEffect, useState } from 'react';
import { apiFetch } from '../providers/session';

export interface ApiGet<T> {
  data?: T;
  /** The Content-Range total when the API sent one. */
  total?: number;
  /** When the API answers the total as unknown (`*`, a list past its count cap): how many it counted. */
  atLeast?: number;
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
  const [state, setState] = useState<{ key: string | null; data?: T; total?: number; atLeast?: number; error?: unknown }>({ key: null });
  useEffect(() => {
    if (!key || !path) return;
    let live = true;
    apiFetch(path).then(
      ({ json, headers }) => {
        const total = Number(headers.get('Content-Range')?.split('/')[1]);
        const atLeast = Number(headers.get('X-Total-At-Least') ?? NaN);
        if (live)
          setState({
            key,
            data: json as T,
            total: Number.isFinite(total) ? total : undefined,
            atLeast: Number.isFinite(atLeast) ? atLeast : undefined,
          });
      },
      (error: unknown) => live && setState((s) => ({ ...s, key, error })),
    );
    return () => {
      live = false;
    };
  }, [key, path]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.key === key;
  return {
    data: state.data,
    total: state.total,
    atLeast: state.atLeast,
    error: current ? state.error : undefined,
    loading: !!key && !current,
    reload,
  };
}
