/**
 * GitLab's rate-limit headers, as Rack Attack sends them for the authenticated API throttle
 * (`throttle_authenticated_api`): requests are counted per user (here, per token: a sandbox token
 * is a user) — unauthenticated ones per client address — in fixed windows of PERIOD_S seconds;
 * `RateLimit-Observed` is the count in the current window, this request included,
 * `RateLimit-Remaining` the limit less that, `RateLimit-Reset` the Unix time the window ends.
 * GitLab.com sends them on every API answer; a self-managed instance only with the throttle on
 * (and, for answers under the limit, with headers for unthrottled requests enabled): turn them
 * off per forge to play that instance. Nothing is refused here: the sandbox counts, it does not throttle.
 */
import type { IncomingMessage } from 'node:http';
import type { ForgeState } from '../forge-state.js';
import { SandboxServer } from '../server.js';

/** GitLab.com's authenticated API limit: 2,000 requests a minute per user. */
const LIMIT = 2000;
const UNAUTHENTICATED_LIMIT = 500;
const PERIOD_S = 60;

interface Counts {
  headers: boolean;
  /** Window start (Unix seconds) and count per client. */
  clients: Map<string, { window: number; observed: number }>;
}

const byForge = new WeakMap<ForgeState, Counts>();

function countsOf(state: ForgeState): Counts {
  let c = byForge.get(state);
  if (!c) byForge.set(state, (c = { headers: true, clients: new Map() }));
  return c;
}

/** Whether this forge's GitLab API sends RateLimit-* headers (default true, as GitLab.com). */
export function setGitlabRateLimitHeaders(state: ForgeState, on: boolean): void {
  countsOf(state).headers = on;
}

/** Count one API request and answer the headers GitLab would send with it (none when turned off). */
export function gitlabRateLimitHeaders(state: ForgeState, req: IncomingMessage): Record<string, string> {
  const counts = countsOf(state);
  if (!counts.headers) return {};
  const token = SandboxServer.tokenOf(req);
  const client = token ? `user:${token}` : `ip:${req.socket.remoteAddress ?? ''}`;
  const now = Date.now() / 1000;
  const window = Math.floor(now / PERIOD_S) * PERIOD_S;
  let c = counts.clients.get(client);
  if (!c || c.window !== window) counts.clients.set(client, (c = { window, observed: 0 }));
  c.observed++;
  const limit = token ? LIMIT : UNAUTHENTICATED_LIMIT;
  const reset = window + PERIOD_S;
  return {
    'ratelimit-name': token ? 'throttle_authenticated_api' : 'throttle_unauthenticated_api',
    'ratelimit-limit': String(limit),
    'ratelimit-observed': String(c.observed),
    'ratelimit-remaining': String(Math.max(0, limit - c.observed)),
    'ratelimit-reset': String(reset),
    'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
  };
}
