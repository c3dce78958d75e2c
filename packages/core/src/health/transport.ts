/**
 * HTTP plumbing shared by the gates: one undici dispatcher per gate (TLS options), JSON GETs,
 * newline-delimited JSON streams, the outage backoff, and the transient/permanent split.
 * Requests go through boundedFetch: connect/headers timeouts (GITOPS_HTTP_TIMEOUT_MS), buffered
 * bodies capped at 32 MB, stream lines capped alike, and the Authorization header (Argo CD,
 * Kubernetes bearer or basic) never sent across a redirect to another origin nor over plain
 * http to a host that is not loopback.
 */
import type { Dispatcher } from 'undici';
import { boundedDispatcher, boundedFetch, HttpBoundError, httpTimeoutMs, MAX_JSON_BYTES } from '../bounded-fetch.js';
import { assertSecretTransport, CREDENTIAL_HEADERS } from '../credentials.js';
import { RemoteError } from '../errors.js';
import { urlForMessage } from '../redaction.js';
import { Backoff, networkErrorText } from '../retry.js';

export interface TlsOptions {
  /** Accept any certificate (self-signed Argo CD, `--insecure`). */
  insecure?: boolean;
  /** PEM CA bundle(s). */
  ca?: string | Buffer;
  /** PEM client certificate and key (kubeconfig client auth). */
  cert?: string | Buffer;
  key?: string | Buffer;
}

export function createDispatcher(tls: TlsOptions = {}, env: Record<string, string | undefined> = process.env): Dispatcher {
  return boundedDispatcher({
    timeoutMs: httpTimeoutMs(env),
    // A stream may stay silent for minutes; the gate decides when to give up (and GETs carry their own timeout).
    stream: true,
    tls: {
      rejectUnauthorized: !tls.insecure,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
    },
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

export type HttpResponse = Response;

/**
 * fetch that turns network errors into TransientError (never echoing headers), and honours
 * both the caller's signal and a per-request timeout. With a timeout the body is read whole
 * (capped); without one it is a stream, read through ndjson (lines capped).
 */
export async function send(url: string, req: HttpRequest): Promise<HttpResponse> {
  if (Object.keys(req.headers ?? {}).some((k) => CREDENTIAL_HEADERS.includes(k.toLowerCase()))) assertSecretTransport(url, 'credentials');
  const signals = [req.signal];
  if (req.timeoutMs) signals.push(AbortSignal.timeout(req.timeoutMs));
  try {
    return await boundedFetch(
      url,
      { method: req.method ?? 'GET', headers: req.headers, body: req.body, signal: signals.length > 1 ? AbortSignal.any(signals) : req.signal },
      { dispatcher: req.dispatcher, timeoutMs: req.timeoutMs ?? httpTimeoutMs(), stream: !req.timeoutMs },
    );
  } catch (err) {
    if (req.signal.aborted) throw req.signal.reason ?? err;
    // Too large or a refused redirect will not change on a retry; silence might.
    if (err instanceof HttpBoundError && err.bound !== 'timeout') throw new RemoteError(`${err.message} (${urlForMessage(url)})`);
    throw new TransientError(`${err instanceof HttpBoundError ? err.message : describeNetworkError(err)} (${urlForMessage(url)})`);
  }
}

function describeNetworkError(err: unknown): string {
  const code = (err as { cause?: { code?: string } })?.cause?.code;
  if (!code && err instanceof Error && err.name === 'TimeoutError') return 'request timed out';
  return networkErrorText(err);
}

/** Read a response body as JSON objects, one per line (each at most maxLineBytes). Ends when the stream ends. */
export async function* ndjson(res: HttpResponse, signal: AbortSignal, maxLineBytes = MAX_JSON_BYTES): AsyncGenerator<unknown> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      // Only the new text is searched for newlines, so a long line costs linear time.
      let from = buf.length;
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n', from)) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        from = 0;
        if (line) yield JSON.parse(line) as unknown;
      }
      // An event still open past the cap is refused (its UTF-16 length never exceeds its bytes).
      if (buf.length > maxLineBytes) {
        await res.body.cancel().catch(() => undefined);
        throw new RemoteError(`a stream event from ${urlForMessage(res.url)} is larger than ${Math.round(maxLineBytes / (1024 * 1024))} MB`);
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof RemoteError) throw err;
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

/** How long a gate waits between attempts while its API is unreachable: 250 ms doubling up to the poll interval (at most 5 s). */
export function outageBackoff(pollIntervalMs: number): Backoff {
  return new Backoff(250, Math.max(250, Math.min(pollIntervalMs, 5000)));
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
