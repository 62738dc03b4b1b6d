import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from './api';

/** The page's place, from the URL's hash: `#/results?sim=x` → ['results'], {sim: 'x'}. */
export function useRoute(): { parts: string[]; params: URLSearchParams } {
  const read = () => {
    const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
    return {
      parts: path.split('/').filter(Boolean).map(decodeURIComponent),
      params: new URLSearchParams(query),
    };
  };
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function go(path: string, params: Record<string, string> = {}) {
  const s = new URLSearchParams(params).toString();
  location.hash = `#/${path}${s ? `?${s}` : ''}`;
}

/** Loads once per change of `deps`; answers the data, the failure, and whether it is loading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure | Error; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
