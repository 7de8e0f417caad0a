// Public entry of @oresight/server: the HTTP API (issue 5).
export { createServer, DEFAULT_LIMITS } from './create-server.ts';
export type { ServerOptions } from './create-server.ts';
export type { Api } from './http/api.ts';
export type { ServerLimits } from './http/auth.ts';
export { SESSION_COOKIE } from './http/auth.ts';
