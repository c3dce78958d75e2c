/**
 * HTTP plumbing shared by the gates: one undici dispatcher per gate (TLS options), JSON GETs,
 * newline-delimited JSON streams, abortable sleeps, and the transient/permanent split.
 */
import { Agent, fetch, type Dispatcher } from 'undici';
import { RemoteError } from '../errors.js';

export interface TlsOptions {
  /** Accept any certificate (self-signed Argo CD, `--insecure`). */
  insecure?: boolean;
  /** PEM CA bundle(s). */
  ca?: string | Buffer;
  /** PEM client certificate and key (kubeconfig client auth). */
  cert?: string | Buffer;
  key?: string | Buffer;
}

export function createDispatcher(tls: TlsOptions = {}): Dispatcher {
  return new Agent({
    connect: {
      rejectUnauthorized: !tls.insecure,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
    },
    // A stream may stay silent for minutes; the gate decides when to give up.
    bodyTimeout: 0,
    headersTimeout: 30_000,
  });
}

/** A failure that waiting may fix: connection refused/reset, 5xx, 429, a dropped stream. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  dispatcher: Dispatcher;
  /** Per-request timeout for the headers and (for non-streams) the body. */
  timeoutMs?: number;
}

export type HttpResponse = Awaited<ReturnType<typeof fetch>>;

/**
 * fetch that turns network errors into TransientError (never echoing headers), and honours
 * both the caller's signal and a per-request timeout.
 */
export async function send(url: string, req: HttpRequest): Promise<HttpResponse> {
  const signals = [req.signal];
  if (req.timeoutMs) signals.push(AbortSignal.timeout(req.timeoutMs));
  try {
    return await fetch(url, {
      method: req.method ?? 'GET',
      headers: req.headers,
      body: req.body,
      signal: signals.length > 1 ? AbortSignal.any(signals) : req.signal,
      dispatcher: req.dispatcher,
    });
  } catch (err) {
    if (req.signal.aborted) throw req.signal.reason ?? err;
    throw new TransientError(`${describeNetworkError(err)} (${redactUrl(url)})`);
  }
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (err instanceof Error && err.name === 'TimeoutError') return 'request timed out';
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** URL for messages: no userinfo, no query (a query may carry names but never secrets; keep it short). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '<url>';
  }
}

/** Read a response body as JSON objects, one per line. Ends when the stream ends. */
export async function* ndjson(res: HttpResponse, signal: AbortSignal): AsyncGenerator<unknown> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) yield JSON.parse(line) as unknown;
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof SyntaxError) throw new TransientError(`stream sent a line that is not JSON`);
    throw new TransientError(`stream dropped: ${describeNetworkError(err)}`);
  }
  const rest = buf.trim();
  if (rest) {
    try {
      yield JSON.parse(rest) as unknown;
    } catch {
      /* a cut-off last line: the stream dropped mid-event */
    }
  }
}

/** Sleep that resolves early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Body text of an error response, trimmed, for messages (never includes request headers). */
export async function errorText(res: HttpResponse): Promise<string> {
  try {
    const text = (await res.text()).trim();
    try {
      const j = JSON.parse(text) as { message?: string; error?: string };
      return (j.message ?? j.error ?? text).slice(0, 300);
    } catch {
      return text.slice(0, 300);
    }
  } catch {
    return '';
  }
}

export function isRemoteError(err: unknown): err is RemoteError {
  return err instanceof RemoteError;
}
