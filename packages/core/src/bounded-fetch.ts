/**
 * The one fetch every HTTP client of ours goes through (GitHub, GitLab, Argo CD, Kubernetes, the
 * HTTP gate): bounded and credential-safe.
 *   - connect, time-to-headers and body-silence timeouts (GITOPS_HTTP_TIMEOUT_MS, default 30 s),
 *     plus a deadline for reading a whole response;
 *   - a size cap on buffered bodies (32 MB by default), checked against Content-Length first;
 *   - redirects followed by hand: a request carrying credentials is not followed to another
 *     origin (nor down to http) at all — refused with a message naming both ends — so no token
 *     survives a cross-origin redirect (fetch's own follow drops Authorization but keeps
 *     PRIVATE-TOKEN / JOB-TOKEN); requests without credentials follow up to 5 hops.
 * Buffered responses come back as a plain `Response` over the bytes read, so callers (octokit,
 * the GitLab client, the gates) keep using `.json()` / `.text()`.
 */
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { CREDENTIAL_HEADERS } from './credentials.js';
import { InputError } from './errors.js';
import { networkErrorText } from './retry.js';

type Env = Record<string, string | undefined>;

export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Cap on a JSON API response (GitHub, GitLab, Argo CD application, Kubernetes object). */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** A whole buffered response must arrive within this many timeouts (a trickle never ends otherwise). */
const BODY_DEADLINE_FACTOR = 10;

/** GITOPS_HTTP_TIMEOUT_MS: milliseconds, 100 ms … 10 min. */
export function httpTimeoutMs(env: Env = process.env): number {
  const raw = env.GITOPS_HTTP_TIMEOUT_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_HTTP_TIMEOUT_MS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100 || n > 600_000) {
    throw new InputError(
      `GITOPS_HTTP_TIMEOUT_MS ${JSON.stringify(raw.slice(0, 40))} is not a number of milliseconds between 100 and 600000`,
      'unset it for the default of 30000',
    );
  }
  return n;
}

/**
 * A request ran into one of our bounds (timeout, size cap, redirects). Named AbortError on
 * purpose: octokit passes aborts through untouched and its retry plugin does not retry them —
 * a server that went silent for a whole timeout is not asked again.
 */
export class HttpBoundError extends Error {
  constructor(
    message: string,
    /** timeout: the server was silent too long; size / redirect: what it sent is refused. */
    readonly bound: 'timeout' | 'size' | 'redirect',
  ) {
    super(message);
    this.name = 'AbortError';
  }
}

export function isHttpBoundError(e: unknown): e is HttpBoundError {
  return e instanceof HttpBoundError || (e as { cause?: unknown })?.cause instanceof HttpBoundError;
}

export interface DispatcherOptions {
  timeoutMs?: number;
  /** Streams (watches, Argo CD events) may stay silent: no body timeout. */
  stream?: boolean;
  tls?: { rejectUnauthorized?: boolean; ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
}

export function boundedDispatcher(opts: DispatcherOptions = {}): Agent {
  const t = opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  return new Agent({
    connect: { timeout: t, ...(opts.tls ?? {}) },
    headersTimeout: t,
    bodyTimeout: opts.stream ? 0 : t,
  });
}

export interface BoundedInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | null;
}

export interface BoundedOptions {
  dispatcher: Dispatcher;
  timeoutMs?: number;
  /** Cap for a buffered body (default MAX_JSON_BYTES). */
  maxBytes?: number;
  /** Return the live body instead of buffering it (the caller caps what it reads). */
  stream?: boolean;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

const TIMEOUT_CODES = /UND_ERR_(HEADERS|BODY|CONNECT)_TIMEOUT|ETIMEDOUT|TimeoutError/;

/** fetch with our bounds; see the module comment. Network failures other than our bounds are rethrown as fetch throws them. */
export async function boundedFetch(url: string, init: BoundedInit, opts: BoundedOptions): Promise<Response> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? MAX_JSON_BYTES;
  const deadline = opts.stream ? undefined : AbortSignal.timeout(timeoutMs * BODY_DEADLINE_FACTOR);
  const signals = [init.signal, deadline].filter((s): s is AbortSignal => !!s);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const start = new URL(url);
  let current = start;
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  let headers: Record<string, string> = { ...(init.headers ?? {}) };

  for (let hop = 0; ; hop++) {
    let res: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      res = await undiciFetch(current, { method, headers, body, signal, redirect: 'manual', dispatcher: opts.dispatcher });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      const what = networkErrorText(err);
      if (deadline?.aborted || TIMEOUT_CODES.test(what) || (err as Error)?.name === 'TimeoutError') {
        throw new HttpBoundError(`no answer from ${current.host} within ${seconds(timeoutMs)}`, 'timeout');
      }
      throw err;
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
      await res.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new HttpBoundError(`more than ${MAX_REDIRECTS} redirects from ${start.host}`, 'redirect');
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new HttpBoundError(`${current.host} redirected to an invalid URL`, 'redirect');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new HttpBoundError(`${current.host} redirected to a ${next.protocol} URL`, 'redirect');
      // Credentials belong to the origin they were configured for: never to another one, never down to http.
      const carries = Object.keys(headers).some((k) => CREDENTIAL_HEADERS.includes(k.toLowerCase()));
      if (carries && next.origin !== start.origin) {
        throw new HttpBoundError(
          `${start.host} redirected to ${next.origin}, another origin: not followed while carrying credentials (a token goes only to its own host)`,
          'redirect',
        );
      }
      if (res.status === 303 ? method !== 'HEAD' : (res.status === 301 || res.status === 302) && method === 'POST') {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
      }
      current = next;
      continue;
    }
    if (opts.stream) return res as unknown as Response;
    return await buffered(res, current, maxBytes, timeoutMs, deadline);
  }
}

async function buffered(
  res: Awaited<ReturnType<typeof undiciFetch>>,
  url: URL,
  maxBytes: number,
  timeoutMs: number,
  deadline?: AbortSignal,
): Promise<Response> {
  const tooLarge = () => new HttpBoundError(`the response from ${url.host} is larger than ${mb(maxBytes)}`, 'size');
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          await res.body.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(chunk);
      }
    } catch (err) {
      if (err instanceof HttpBoundError) throw err;
      const what = networkErrorText(err);
      if (deadline?.aborted || TIMEOUT_CODES.test(what)) {
        throw new HttpBoundError(
          `the response from ${url.host} did not arrive in time (silent for ${seconds(timeoutMs)}, or longer than ${seconds(timeoutMs * BODY_DEADLINE_FACTOR)} in all)`,
          'timeout',
        );
      }
      throw err;
    }
  }
  const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
  const out = new Response(nullBody ? null : Buffer.concat(chunks), { status: res.status, statusText: res.statusText, headers: res.headers });
  Object.defineProperty(out, 'url', { value: url.toString() });
  return out;
}

/** A fetch-compatible function over boundedFetch, for clients that take one (octokit). */
export function boundedFetchFunction(opts: BoundedOptions, onRequest?: () => void): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    onRequest?.();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== 'string') throw new TypeError('boundedFetch sends string bodies only');
    return boundedFetch(url, { method: init?.method ?? 'GET', headers, body: body ?? undefined, signal: init?.signal }, opts);
  };
}
