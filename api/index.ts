// The API's door: the Hono app and its type, for the server process that mounts it
// and for the typed client.
export { API_BASE, createApp, type AppOptions, type AppType } from './app.js';
export { apiClient } from './client.js';
export { IDEMPOTENCY_WINDOW_HOURS, purgeIdempotencyKeys } from './idempotency.js';
