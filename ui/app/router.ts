// Client-side routes: the URL is the state (bookmarkable, back/forward work); links to
// /ui/… and / are followed with history.pushState, without reloading the page.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'home' }
  | { page: 'signin'; next?: string }
  | { page: 'dashboard'; id: number; code?: string }
  | { page: 'heatmap'; id: number }
  | { page: 'instance'; id: number }
  | { page: 'definitions' }
  | { page: 'definition'; id: string; version?: number }
  | { page: 'editor'; from?: string; version?: number }
  | { page: 'notfound'; path: string };

const int = (s: string | null | undefined): number | undefined => (s && /^\d{1,15}$/.test(s) ? Number(s) : undefined);

export function parseRoute(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const q = url.searchParams;
  if (path === '/' || path === '/ui') return { page: 'home' };
  if (path === '/ui/signin') return { page: 'signin', ...(q.get('next') ? { next: q.get('next')! } : {}) };
  if (path === '/ui/definitions') return { page: 'definitions' };
  if (path === '/ui/definitions/new') {
    const version = int(q.get('version'));
    return { page: 'editor', ...(q.get('from') ? { from: q.get('from')! } : {}), ...(version ? { version } : {}) };
  }
  let m = /^\/ui\/definitions\/([^/]+)$/.exec(path);
  if (m) {
    const version = int(q.get('version'));
    return { page: 'definition', id: decodeURIComponent(m[1]!), ...(version ? { version } : {}) };
  }
  m = /^\/ui\/campaigns\/(\d+)(\/heatmap)?$/.exec(path);
  if (m) {
    const id = Number(m[1]);
    if (m[2]) return { page: 'heatmap', id };
    const code = q.get('code');
    return { page: 'dashboard', id, ...(code && /^\d{1,12}$/.test(code) ? { code } : {}) };
  }
  m = /^\/ui\/instances\/(\d+)$/.exec(path);
  if (m) return { page: 'instance', id: Number(m[1]) };
  return { page: 'notfound', path };
}

/** The URL of a route. */
export function href(route: Route): string {
  switch (route.page) {
    case 'home':
      return '/';
    case 'signin':
      return route.next ? `/ui/signin?next=${encodeURIComponent(route.next)}` : '/ui/signin';
    case 'dashboard':
      return `/ui/campaigns/${route.id}${route.code ? `?code=${route.code}` : ''}`;
    case 'heatmap':
      return `/ui/campaigns/${route.id}/heatmap`;
    case 'instance':
      return `/ui/instances/${route.id}`;
    case 'definitions':
      return '/ui/definitions';
    case 'definition':
      return `/ui/definitions/${encodeURIComponent(route.id)}${route.version ? `?version=${route.version}` : ''}`;
    case 'editor': {
      const q = new URLSearchParams();
      if (route.from) q.set('from', route.from);
      if (route.version) q.set('version', String(route.version));
      const s = q.toString();
      return `/ui/definitions/new${s ? `?${s}` : ''}`;
    }
    case 'notfound':
      return route.path;
  }
}

const CHANGE = 'ce:navigate';

/** Go to a URL of the app (pushState; `replace` for redirects). */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
  if (!replace) window.scrollTo(0, 0);
}

/** The current route; re-renders on navigation and on back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(new URL(location.href)));
  useEffect(() => {
    const update = () => setRoute(parseRoute(new URL(location.href)));
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/** Follow in-app links without a reload (plain clicks only; new tab, downloads and other origins are left alone). */
export function interceptLinks(): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !(url.pathname === '/' || url.pathname.startsWith('/ui'))) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
}
