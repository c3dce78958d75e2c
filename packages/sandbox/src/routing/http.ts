/** Request and response helpers shared by the sandbox's REST routes (GitHub and GitLab). */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ParsedRequest {
  method: string;
  /** Still percent-encoded. */
  path: string;
  query: URLSearchParams;
}

export function parseRequest(req: IncomingMessage): ParsedRequest {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  return { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** JSON or form body as an object; `undefined` when it is not valid JSON. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const raw = (await readBody(req)).toString();
  if (!raw.trim()) return {};
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Page through a list: GitHub/GitLab `page` (1-based) and `per_page` (max 100). */
export function paginate<T>(items: T[], query: URLSearchParams, defaultPerPage = 30): { page: T[]; pageNo: number; perPage: number; totalPages: number } {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page')) || defaultPerPage));
  const pageNo = Math.max(1, Number(query.get('page')) || 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  return { page: items.slice((pageNo - 1) * perPage, pageNo * perPage), pageNo, perPage, totalPages };
}

/** RFC 8288 Link header for a paginated list (next/last/first/prev as GitHub and GitLab send). */
export function linkHeader(baseUrl: string, path: string, query: URLSearchParams, pageNo: number, totalPages: number): string {
  const link = (page: number, rel: string) => {
    const q = new URLSearchParams(query);
    q.set('page', String(page));
    return `<${baseUrl}${path}?${q.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (pageNo > 1) parts.push(link(pageNo - 1, 'prev'));
  if (pageNo < totalPages) parts.push(link(pageNo + 1, 'next'));
  if (pageNo < totalPages) parts.push(link(totalPages, 'last'));
  if (pageNo > 1) parts.push(link(1, 'first'));
  return parts.join(', ');
}

/** The external base URL of a request (for Link headers and *_url fields). */
export function requestBase(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}
