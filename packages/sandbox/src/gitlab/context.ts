/**
 * What every GitLab route handler gets (the request, its caller, the project) and GitLab's ways of
 * answering: error bodies, offset-pagination headers, its lenient parameter parsing.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BareRepo } from '../bare-repo.js';
import type { ForgeState } from '../forge-state.js';
import { linkHeader, readJson } from '../routing/http.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}
export const fail = (status: number, message: unknown) => new HttpError(status, message);

export interface GlReq {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  query: URLSearchParams;
  web: string;
  api: string;
  login: string;
  state: ForgeState;
}

/** A request under /projects/:id, the project resolved. */
export interface ProjectReq extends GlReq {
  repo: BareRepo;
  repoName: string;
}

export async function defaultBranch(repo: BareRepo): Promise<string> {
  const head = (await readFile(`${repo.path}/HEAD`, 'utf8').catch(() => '')).trim();
  return /^ref: refs\/heads\/(.+)$/.exec(head)?.[1] ?? 'main';
}

/** Paged list headers as GitLab sends them (offset pagination). */
export function pageHeaders(r: GlReq, path: string, total: number, pageNo: number, perPage: number): Record<string, string> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const h: Record<string, string> = {
    'x-page': String(pageNo),
    'x-per-page': String(perPage),
    'x-next-page': pageNo < totalPages ? String(pageNo + 1) : '',
    'x-prev-page': pageNo > 1 ? String(pageNo - 1) : '',
    'x-total': String(total),
    'x-total-pages': String(totalPages),
  };
  const link = linkHeader(r.web, path, r.query, pageNo, totalPages);
  if (link) h.link = link;
  return h;
}

export function toBool(v: unknown): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}

export function toIds(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number).filter((n) => Number.isInteger(n));
  if (typeof v === 'string' || typeof v === 'number')
    return String(v)
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  return [];
}

export function toLabels(v: unknown): string[] {
  if (Array.isArray(v))
    return v
      .map(String)
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

export function validFilePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '.git');
}

/** The JSON or form body merged with the query string (GitLab takes parameters from either). */
export async function body(r: GlReq): Promise<Record<string, unknown>> {
  const b = await readJson(r.req);
  if (b === undefined) throw fail(400, { error: 'Bad Request' });
  // GitLab also accepts parameters in the query string.
  for (const [k, v] of r.query) if (!(k in b)) b[k] = v;
  return b;
}
