/**
 * HTTP for the registry client: byte bodies (manifests are PUT byte for byte), a timeout on every
 * request (headers and body alike), a size cap on every response, redirects followed by hand with
 * the Authorization header dropped on any change of origin (registries send blob GETs to storage
 * hosts), and a count of the bytes that crossed the wire (bodies), for the benchmark.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { RemoteError } from '../errors.js';
import { networkErrorText } from '../retry.js';

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

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * node:http, not fetch: a retag is three or four small requests, and in a fresh CLI process
 * fetch's first request costs 100–300 ms of set-up (its HTTP parser is WebAssembly compiled on
 * first use) against a few ms here.
 */
function once(url: URL, req: RegistryRequest, headers: Record<string, string>, signal: AbortSignal, maxBytes: number): Promise<RawResponse> {
  const mod = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = mod(url, { method: req.method, headers, signal, agent: url.protocol === 'https:' ? agents.https : agents.http }, (res) => {
      const status = res.statusCode ?? 0;
      const h = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
      const redirect = status >= 300 && status < 400 && h.has('location');
      const declared = Number(h.get('content-length'));
      if (!redirect && req.method !== 'HEAD' && Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        reject(new RemoteError(`the response from ${url.host} is larger than ${maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (redirect) return;
        size += c.length;
        if (size > maxBytes) {
          res.destroy();
          reject(new RemoteError(`the response from ${url.host} is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status, headers: h, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** One request with our bounds. Network failures and bounds become RemoteError (exit 1), with no header values. */
export async function registryFetch(url: URL, req: RegistryRequest, counter: WireCounter, timeoutMs = REGISTRY_TIMEOUT_MS): Promise<RegistryResponse> {
  const maxBytes = req.maxBytes ?? MAX_MANIFEST_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  let headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.body) headers['Content-Length'] = String(req.body.byteLength);
  for (let hop = 0; ; hop++) {
    counter.requests++;
    counter.bytesSent += req.body?.byteLength ?? 0;
    let res: RawResponse;
    try {
      res = await once(current, req, headers, signal, maxBytes);
    } catch (err) {
      if (err instanceof RemoteError) throw err;
      throw networkError(err, current, signal, timeoutMs);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location && req.method !== 'PUT' && req.method !== 'POST' && req.method !== 'PATCH') {
      if (hop >= MAX_REDIRECTS) throw new RemoteError(`more than ${MAX_REDIRECTS} redirects from ${url.host}`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RemoteError(`${current.host} redirected to a ${next.protocol} URL`);
      // Credentials are for the registry's origin only: never to a storage host, never down to http.
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
      current = next;
      continue;
    }
    counter.bytesReceived += res.body.byteLength;
    return { ...res, url: current };
  }
}

function networkError(err: unknown, url: URL, signal: AbortSignal, timeoutMs: number): RemoteError {
  if (signal.aborted)
    return new RemoteError(`no complete answer from ${url.host} within ${timeoutMs / 1000} s`, 'check the registry address, or raise GITOPS_HTTP_TIMEOUT_MS');
  const what = networkErrorText(err);
  const tlsHint = /SSL|TLS|EPROTO|wrong version/i.test(what)
    ? 'for a plain-http registry pass --plain-http'
    : 'check the registry address and that it is reachable';
  return new RemoteError(`cannot reach ${url.host}: ${what}`, tlsHint);
}
