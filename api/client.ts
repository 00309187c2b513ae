// A typed client for the API: `apiClient('http://localhost:3000', token).api.campaigns.$get()`
// gets request and response types from the routes themselves (hono/client).
import { hc } from 'hono/client';
import type { AppType } from './app.js';

/** The typed client; `fetch` is injectable (e.g. `app.request` in tests). */
export function apiClient(baseUrl: string, token?: string, fetchImpl?: typeof fetch) {
  return hc<AppType>(baseUrl, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

export type ApiClient = ReturnType<typeof apiClient>;
export type { AppType };
