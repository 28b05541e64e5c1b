// The URL holds the view: the page in the path, filters, sort and cursor in the
// query string, so a supervisor can share exactly what they see. A few routes
// need no router library: the History API and one subscription.
import { useSyncExternalStore, type MouseEvent } from 'react';

export const BASE = '/console';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => window.location.pathname + window.location.search;

/** The path under /console and its query, re-rendering when either changes. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) || '/' : '/';
  return { path, query: url.searchParams };
}

/** Goes to a console path ('/cases?bucket=M2'); `replace` keeps the history entry (for filter edits). */
export function navigate(to: string, { replace = false } = {}): void {
  const href = BASE + to;
  if (href === snapshot()) return;
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  notify();
}

/** An anchor's click handled in the app, except when the user asks for a new tab or window. */
export function followLink(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}

/** A console path with a query: empty values are left out. */
export function pathWithQuery(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
