/**
 * Git smart HTTP over real bare repositories, by running `git http-backend` as a CGI
 * program (the same program Apache/nginx setups use). Reads and pushes are real git.
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countGitSpawn } from './git-batch.js';

export interface GitHttpOptions {
  /** Directory holding `<owner>/<name>.git` bare repositories. */
  root: string;
  /** URL prefix in front of the repository path, e.g. '' or '/git'. */
  prefix?: string;
}

const GIT_PATH = /^\/[^?]*\.git\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.*)$/;

/** True when the request path is a git smart-HTTP path (under the prefix). */
export function isGitRequest(url: string, prefix = ''): boolean {
  const path = url.split('?')[0] ?? '';
  return path.startsWith(prefix) && GIT_PATH.test(path.slice(prefix.length));
}

/** Serve one git smart-HTTP request. The caller has already checked auth. */
export function serveGit(req: IncomingMessage, res: ServerResponse, opts: GitHttpOptions): void {
  const [rawPath = '', query = ''] = (req.url ?? '').split('?');
  const pathInfo = decodeURIComponent(rawPath.slice((opts.prefix ?? '').length));
  if (pathInfo.includes('..')) {
    res.writeHead(400).end('bad path');
    return;
  }
  countGitSpawn('http-backend');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      GIT_PROJECT_ROOT: opts.root,
      GIT_HTTP_EXPORT_ALL: '1',
      // Let the (already authenticated) client push over HTTP.
      REMOTE_USER: 'sandbox',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: pathInfo,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});

  let headerDone = false;
  let buf = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    if (headerDone) {
      res.write(chunk);
      return;
    }
    buf = Buffer.concat([buf, chunk]);
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    for (const line of buf.subarray(0, end).toString('latin1').split('\r\n')) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10) || 200;
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(buf.subarray(end + 4));
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.on('close', (code) => {
    if (!headerDone) {
      if (!res.headersSent) res.writeHead(500);
      res.end(`git http-backend failed (${code}): ${stderr}`);
      return;
    }
    res.end();
  });
}
