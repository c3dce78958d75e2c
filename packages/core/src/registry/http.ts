/**
 * HTTP for the registry client: byte bodies (manifests are PUT byte for byte), a timeout on every
 * request (headers and body alike), a size cap on every response, redirects followed by hand with
 * the Authorization header dropped on any change of origin (registries send blob GETs to storage
 * hosts), and a count of the bytes that crossed the wire (bodies), for the benchmark.
 */
import { fetch } from 'undici';
import { RemoteError } from '../errors.js';

export const REGISTRY_TIMEOUT_MS = 30_000;
/** The distribution spec lets registries refuse manifests over 4 MiB; we refuse to read more. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  headers?: Record<string, string>;
  body?: Uint8Array;
  maxBytes?: number;
}

export interface RegistryResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: URL;
}

export interface WireCounter {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

export function newWireCounter(): WireCounter {
  return { requests: 0, bytesSent: 0, bytesReceived: 0 };
}

/** One request with our bounds. Network failures and bounds become RemoteError (exit 1), with no header values. */
export async function registryFetch(url: URL, req: RegistryRequest, counter: WireCounter, timeoutMs = REGISTRY_TIMEOUT_MS): Promise<RegistryResponse> {
  const maxBytes = req.maxBytes ?? MAX_MANIFEST_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  let headers = { ...(req.headers ?? {}) };
  for (let hop = 0; ; hop++) {
    counter.requests++;
    counter.bytesSent += req.body?.byteLength ?? 0;
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(current, { method: req.method, headers, body: req.body, redirect: 'manual', signal });
    } catch (err) {
      throw networkError(err, current, signal, timeoutMs);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location && req.method !== 'PUT' && req.method !== 'POST' && req.method !== 'PATCH') {
      await res.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new RemoteError(`more than ${MAX_REDIRECTS} redirects from ${url.host}`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RemoteError(`${current.host} redirected to a ${next.protocol} URL`);
      // Credentials are for the registry's origin only: never to a storage host, never down to http.
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
      current = next;
      continue;
    }
    const declared = Number(res.headers.get('content-length'));
    if (req.method !== 'HEAD' && Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new RemoteError(`the response from ${current.host} is larger than ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      if (res.body) {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > maxBytes) {
            await res.body.cancel().catch(() => undefined);
            throw new RemoteError(`the response from ${current.host} is larger than ${maxBytes} bytes`);
          }
          chunks.push(Buffer.from(chunk));
        }
      }
    } catch (err) {
      if (err instanceof RemoteError) throw err;
      throw networkError(err, current, signal, timeoutMs);
    }
    counter.bytesReceived += size;
    return { status: res.status, headers: res.headers as unknown as Headers, body: Buffer.concat(chunks), url: current };
  }
}

function networkError(err: unknown, url: URL, signal: AbortSignal, timeoutMs: number): RemoteError {
  if (signal.aborted) return new RemoteError(`no complete answer from ${url.host} within ${timeoutMs / 1000} s`, 'check the registry address, or raise GITOPS_HTTP_TIMEOUT_MS');
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const what = cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
  const tlsHint = /SSL|TLS|EPROTO|wrong version/i.test(what) ? 'for a plain-http registry pass --plain-http' : 'check the registry address and that it is reachable';
  return new RemoteError(`cannot reach ${url.host}: ${what}`, tlsHint);
}
