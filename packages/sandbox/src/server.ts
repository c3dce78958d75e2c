/**
 * The sandbox forge: one local HTTP server that serves git smart HTTP over real bare
 * repositories and, over those same repositories, the REST subsets of GitHub and GitLab
 * that the adapters call (mounted as extra routes). Token auth and fault injection are
 * switchable per test.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isGitRequest, serveGit } from './git-http.js';
import { listenOnLoopback } from './loopback.js';

/** A route handles the request and returns true, or returns false to pass it on. */
export type Route = (req: IncomingMessage, res: ServerResponse, sandbox: SandboxServer) => Promise<boolean> | boolean;

export interface Fault {
  /** Only requests whose path matches (default: every request, git included). */
  match?: RegExp;
  /** How many matching requests to affect (default: unlimited). */
  times?: number;
  /** Probability 0..1 that a matching request is affected (default 1). */
  rate?: number;
  /**
   * status: answer with it; reset: drop the connection; latency: delay; hook: run `hook`, then
   * serve; redirect: answer `status` (default 307) with Location = `location` + the request's path and query.
   */
  kind: 'status' | 'reset' | 'latency' | 'hook' | 'redirect';
  /** For kind 'redirect': the origin (or any prefix) to send the client to. */
  location?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** For kind 'hook': e.g. push a competing commit right before a client's push is served. */
  hook?: () => Promise<void>;
}

export interface SandboxOptions {
  /** Directory holding `<owner>/<name>.git` bare repositories. */
  root: string;
  /** Accepted tokens. Empty or absent: no auth required. */
  tokens?: string[];
  /** Tokens that authenticate but may only read (writes get 403). */
  readOnlyTokens?: string[];
  routes?: Route[];
  port?: number;
  /** Loopback address to listen on (default 127.0.0.1; e.g. 127.0.0.2 for a second "host"). */
  host?: string;
}

export class SandboxServer {
  readonly root: string;
  private server?: Server;
  private faults: Fault[] = [];
  private readonly routes: Route[];
  /** Requests served, by "METHOD path" without query; for cost assertions and benchmarks. */
  readonly requests: string[] = [];
  /** Every credential a request carried (tokenOf), in order: what tests check no secret leaked into. */
  readonly credentialsSeen: string[] = [];
  url = '';
  tokens: Set<string>;
  readOnlyTokens: Set<string>;

  constructor(private readonly opts: SandboxOptions) {
    this.root = opts.root;
    this.routes = opts.routes ?? [];
    this.tokens = new Set(opts.tokens ?? []);
    this.readOnlyTokens = new Set(opts.readOnlyTokens ?? []);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(err instanceof Error ? err.message : err) }));
      });
    });
    const host = this.opts.host ?? '127.0.0.1';
    this.url = `http://${host}:${await listenOnLoopback(this.server, this.opts.port ?? 0, undefined, host)}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  addRoute(route: Route): void {
    this.routes.push(route);
  }

  /** Inject a fault; cleared by clearFaults(). */
  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** The token the request carries (Bearer, `token x`, PRIVATE-TOKEN, JOB-TOKEN or Basic password). */
  static tokenOf(req: IncomingMessage): string | undefined {
    const h = req.headers;
    const priv = h['private-token'] ?? h['job-token'];
    if (typeof priv === 'string') return priv;
    const auth = h.authorization;
    if (!auth) return undefined;
    const [scheme, value = ''] = auth.split(' ', 2);
    if (/^(bearer|token)$/i.test(scheme ?? '')) return value;
    if (/^basic$/i.test(scheme ?? '')) {
      const decoded = Buffer.from(value, 'base64').toString();
      return decoded.slice(decoded.indexOf(':') + 1);
    }
    return undefined;
  }

  /** 'none' without a valid token, 'read' for read-only tokens, else 'write'. */
  access(req: IncomingMessage): 'none' | 'read' | 'write' {
    if (this.tokens.size === 0 && this.readOnlyTokens.size === 0) return 'write';
    const t = SandboxServer.tokenOf(req);
    if (t && this.tokens.has(t)) return 'write';
    if (t && this.readOnlyTokens.has(t)) return 'read';
    return 'none';
  }

  private async applyFault(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    for (const f of this.faults) {
      if (f.match && !f.match.test(path)) continue;
      if (f.times !== undefined && f.times <= 0) continue;
      if (f.rate !== undefined && Math.random() >= f.rate) continue;
      if (f.times !== undefined) f.times--;
      if (f.kind === 'hook') {
        await f.hook?.();
        continue;
      }
      if (f.kind === 'latency') {
        await new Promise((r) => setTimeout(r, f.delayMs ?? 100));
        continue;
      }
      if (f.kind === 'reset') {
        req.socket.destroy();
        return true;
      }
      if (f.kind === 'redirect') {
        res.writeHead(f.status ?? 307, { location: `${(f.location ?? '').replace(/\/+$/, '')}${req.url ?? '/'}`, ...f.headers });
        res.end();
        return true;
      }
      res.writeHead(f.status ?? 500, { 'content-type': 'application/json', ...f.headers });
      res.end(JSON.stringify(f.body ?? { message: 'injected fault' }));
      return true;
    }
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    const credential = SandboxServer.tokenOf(req);
    if (credential) this.credentialsSeen.push(credential);
    if (await this.applyFault(req, res)) return;
    if (isGitRequest(req.url ?? '')) {
      const access = this.access(req);
      const isPush = /git-receive-pack/.test(req.url ?? '');
      if (access === 'none' || (isPush && access === 'read')) {
        res.writeHead(access === 'none' ? 401 : 403, { 'www-authenticate': 'Basic realm="sandbox"' });
        res.end(access === 'none' ? 'authentication required' : 'read-only token');
        return;
      }
      serveGit(req, res, { root: this.root });
      return;
    }
    for (const route of this.routes) {
      if (await route(req, res, this)) return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Not Found' }));
  }
}

export async function startSandbox(opts: SandboxOptions): Promise<SandboxServer> {
  return new SandboxServer(opts).start();
}
