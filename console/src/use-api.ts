// One API read as component state: loading, the data, or the API's error; read
// again on `reload()`, when its inputs change, and every `refreshMs` while the
// page is visible (lists and the case follow their cases by polling).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiErrorBody } from './api/client';

export interface Read<T> {
  data?: T;
  error?: ApiErrorBody;
  status?: number;
}

export interface ApiState<T> extends Read<T> {
  loading: boolean;
  reload(): void;
}

export function useApi<T>(read: () => Promise<Read<T>>, inputs: unknown[], refreshMs?: number): ApiState<T> {
  const [state, setState] = useState<Read<T> & { loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(read);
  latest.current = read;
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const key = JSON.stringify(inputs);

  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    latest
      .current()
      .then((result) => current && setState({ ...result, loading: false }))
      .catch((error: Error) => current && setState({ error: { error: { code: 'INTERNAL', message: error.message } }, loading: false }));
    return () => {
      current = false;
    };
  }, [key, generation]);

  useEffect(() => {
    if (!refreshMs) return;
    const timer = window.setInterval(() => document.visibilityState === 'visible' && reload(), refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs, reload]);

  return { ...state, reload };
}
