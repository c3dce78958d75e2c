/**
 * What every GitHub route handler gets (the request, its caller, the repository) and how it
 * answers errors: GitHub's `{message, documentation_url, status}` body with the rate-limit headers.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BareRepo } from '../bare-repo.js';
import type { ForgeState } from '../forge-state.js';
import { readJson, sendJson } from '../routing/http.js';
import type { Ctx } from './objects.js';

const DOCS = 'https://docs.github.com/rest';

export interface GhReq {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  query: URLSearchParams;
  ctx: Ctx;
  /** Rate-limit and media-type headers, sent with every answer. */
  headers: Record<string, string>;
  login: string;
  access: 'none' | 'read' | 'write';
}

/** A request under /repos/{owner}/{repo}, the repository resolved. */
export interface RepoReq extends GhReq {
  repo: BareRepo;
  repoName: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = () => new HttpError(404, 'Not Found');
export const validation = (message: string, errors?: unknown[]) => new HttpError(422, message, errors ? { errors } : {});

export function rateHeaders(state: ForgeState, token: string | undefined): Record<string, string> {
  const key = token ?? '';
  const used = (state.rateUsed.get(key) ?? 0) + 1;
  state.rateUsed.set(key, used);
  const limit = token ? 5000 : 60;
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(Math.max(0, limit - used)),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': String(used),
    'x-ratelimit-resource': 'core',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomUUID().toUpperCase().slice(0, 23),
  };
}

export function sendError(r: { res: ServerResponse; headers: Record<string, string> }, e: HttpError): void {
  sendJson(r.res, e.status, { message: e.message, documentation_url: DOCS, status: String(e.status), ...e.extra }, r.headers);
}

/** Answer JSON with the request's GitHub headers (plus `extra`). */
export function ok(r: GhReq, status: number, body: unknown, extra: Record<string, string> = {}): void {
  sendJson(r.res, status, body, { ...r.headers, ...extra });
}

export async function jsonBody(r: GhReq): Promise<Record<string, unknown>> {
  const body = await readJson(r.req);
  if (body === undefined) throw new HttpError(400, 'Problems parsing JSON');
  return body;
}

export async function defaultBranch(repo: BareRepo): Promise<string> {
  const refs = await repo.refs('refs/heads/');
  // HEAD of a bare repo names the default branch.
  const head = (await readFile(`${repo.path}/HEAD`, 'utf8').catch(() => '')).trim();
  const m = /^ref: refs\/heads\/(.+)$/.exec(head);
  if (m && refs.has(`refs/heads/${m[1]}`)) return m[1];
  if (m && refs.size === 0) return m[1];
  return [...refs.keys()][0]?.slice('refs/heads/'.length) ?? 'main';
}

/** A multi-segment path parameter, each segment percent-decoded. */
export function decodePath(encoded: string): string {
  return encoded
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');
}

export function validRepoPath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '.git');
}
