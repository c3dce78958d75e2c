/**
 * An Argo CD API simulator that follows an env repo (a real bare repository): it notices pushes
 * (polling the branch every ~100 ms, or `notify()`), and moves each Application through what
 * Argo CD really reports after a push, including the stale-status trap:
 *
 *   Healthy/Synced @ old (for refreshDelayMs, even with a fresh reconciledAt)
 *   → OutOfSync @ new → operation Running → Succeeded with reconciledAt < finishedAt (stale health)
 *   → Progressing → Healthy, or Degraded when the deployed tag matches `badTag`,
 *     or operation Failed when it matches `failTag`, or Missing.
 *
 * Serves GET /api/v1/applications/{name} and GET /api/v1/stream/applications?name= (NDJSON,
 * `{"result":{"type":…,"application":…}}`), bearer-token auth (401 bad token, 403 unknown app
 * as Argo CD does), appNamespace/project query parameters, outages (503 or connection refused)
 * and stream drops.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { listenOnLoopback, pollEvery } from '../loopback.js';
import { refSha, showFile } from '../repos.js';

export type ArgoSimSource = { follow: true; path?: string; ref?: string } | { follow: false; repoURL: string; chart?: string; targetRevision: string };

export interface ArgoSimApp {
  name: string;
  /** Namespace of the Application object. Default `argocd`. */
  namespace?: string;
  /** Default `default`. */
  project?: string;
  /** Bare repository path the app follows. */
  repo: string;
  /** Default `main`. */
  branch?: string;
  /** App path in the repo (spec.source.path). */
  path: string;
  /** File holding the deployed tag. Default `<path>/values.yaml`. */
  file?: string;
  /** Dot-separated YAML key of the tag. Default `image.tag`. */
  tagKey?: string;
  /** Alternative to tagKey: first capture group of this pattern in the file. */
  tagPattern?: RegExp;
  /** Deployed tag matching this → Degraded after the sync. */
  badTag?: RegExp;
  /** Deployed tag matching this → sync operation Failed. */
  failTag?: RegExp;
  /** After the sync the resources never appear: health Missing. */
  missing?: boolean;
  /** Workload stays Suspended (e.g. a paused rollout) after the sync. */
  suspended?: boolean;
  /** Multi-source app: spec.sources[] / status.sync.revisions[]. */
  sources?: ArgoSimSource[];
  /** repoURL written in spec. Default `file://<repo>`. */
  repoURL?: string;
  /** Image repository for status.summary.images. */
  image?: string;
}

export interface ArgoSimOptions {
  apps: ArgoSimApp[];
  /** Accepted bearer token; unset: no auth. */
  token?: string;
  /** Stale period after a push: still Healthy/Synced at the old revision. Default 300 ms. */
  refreshDelayMs?: number;
  /** Operation Running → finished. Default 300 ms. */
  syncDelayMs?: number;
  /** Progressing → Healthy/Degraded. Default 300 ms. */
  healthDelayMs?: number;
  /** Window after the operation finished in which reconciledAt < finishedAt and health is stale. Default 100 ms. */
  staleAfterSyncMs?: number;
  /** Branch polling period. Default 100 ms; 0 disables (use notify()). */
  repoPollMs?: number;
  /** Serve the stream endpoint (default true); false answers 404 as a proxy without streaming would. */
  stream?: boolean;
  port?: number;
}

/** Minimal Application type (the simulator writes swagger v1alpha1Application). */
export interface ArgoSimApplication {
  metadata: { name: string; namespace: string; resourceVersion: string; [k: string]: unknown };
  spec: Record<string, unknown>;
  operation?: Record<string, unknown>;
  status: {
    sync: { status: string; revision?: string; revisions?: string[]; [k: string]: unknown };
    health: { status: string; message?: string; [k: string]: unknown };
    reconciledAt: string;
    operationState?: { phase: string; finishedAt?: string; syncResult?: { revision?: string }; [k: string]: unknown };
    [k: string]: unknown;
  };
}

export interface ArgoSimTransition {
  at: number;
  app: string;
  health: string;
  sync: string;
  revision: string;
  phase?: string;
  /** True when this snapshot is the final, trustworthy state for `revision` (op done, refreshed). */
  settled: boolean;
}

interface Runtime {
  cfg: ArgoSimApp;
  resourceVersion: number;
  head?: string;
  deployed: string;
  deployedTag?: string;
  health: { status: string; message?: string };
  sync: { status: string; revision: string };
  operation?: Record<string, unknown>;
  operationState?: Record<string, unknown>;
  reconciledAt: number;
  history: Record<string, unknown>[];
  resources: Record<string, unknown>[];
  timers: NodeJS.Timeout[];
  settled: boolean;
}

const argoTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function tagFrom(text: string | null, app: ArgoSimApp): string | undefined {
  if (text === null) return undefined;
  if (app.tagPattern) return app.tagPattern.exec(text)?.[1];
  try {
    let cur: unknown = parseYaml(text);
    for (const k of (app.tagKey ?? 'image.tag').split('.')) cur = (cur as Record<string, unknown> | undefined)?.[k];
    return cur === undefined || cur === null ? undefined : String(cur);
  } catch {
    return undefined;
  }
}

export class ArgoCdSimulator {
  url = '';
  /** Requests served: `METHOD path` (no query), in order. */
  readonly requests: { method: string; path: string; query: string; at: number }[] = [];
  /** Every state the simulator reported, in order. */
  readonly transitions: ArgoSimTransition[] = [];
  private server?: Server;
  private port = 0;
  private readonly apps = new Map<string, Runtime>();
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly sockets = new Set<Socket>();
  private poller?: NodeJS.Timeout;
  private polling = false;
  private outageUntil = 0;
  private outageMode: 'unavailable' | 'refused' = 'unavailable';
  private stopped = false;

  constructor(readonly opts: ArgoSimOptions) {}

  async start(): Promise<this> {
    const now = Date.now();
    for (const cfg of this.opts.apps) {
      const head = (await refSha(cfg.repo, cfg.branch ?? 'main')) ?? '0'.repeat(40);
      const tag = tagFrom(await showFile(cfg.repo, head, this.fileOf(cfg)), cfg);
      const rt: Runtime = {
        cfg,
        resourceVersion: 1,
        head,
        deployed: head,
        ...(tag ? { deployedTag: tag } : {}),
        health: { status: cfg.missing ? 'Missing' : 'Healthy' },
        sync: { status: cfg.missing ? 'OutOfSync' : 'Synced', revision: head },
        reconciledAt: now - 30_000,
        history: [],
        resources: [],
        timers: [],
        settled: true,
      };
      if (!cfg.missing) {
        rt.operationState = this.opState(rt, head, 'Succeeded', now - 120_000, now - 60_000);
        rt.history.push(this.historyEntry(rt, 0, head, now - 60_000));
      }
      rt.resources = this.resourcesFor(rt, cfg.missing ? 'Missing' : 'Healthy');
      this.apps.set(cfg.name, rt);
      this.record(rt);
    }
    this.server = createServer((req, res) => this.handle(req, res));
    this.port = await listenOnLoopback(this.server, this.opts.port ?? 0, this.sockets);
    this.url = `http://127.0.0.1:${this.port}`;
    this.poller = pollEvery(this.opts.repoPollMs ?? 100, () => this.notify());
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    for (const rt of this.apps.values()) rt.timers.forEach(clearTimeout);
    this.dropStreams();
    for (const s of this.sockets) s.destroy();
    if (this.server?.listening) await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** Check the followed branches now (as a webhook would make Argo CD do). */
  async notify(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      for (const rt of this.apps.values()) {
        const head = await refSha(rt.cfg.repo, rt.cfg.branch ?? 'main');
        if (head && head !== rt.head) {
          rt.head = head;
          const tag = tagFrom(await showFile(rt.cfg.repo, head, this.fileOf(rt.cfg)), rt.cfg);
          this.rollout(rt, head, tag);
        }
      }
    } finally {
      this.polling = false;
    }
  }

  /** The API is down for `ms`: 503 from a proxy, or connection refused. Open streams drop. */
  outage(ms: number, mode: 'unavailable' | 'refused' = 'unavailable'): void {
    this.outageUntil = Date.now() + ms;
    this.outageMode = mode;
    this.dropStreams();
    if (mode === 'refused' && this.server) {
      const server = this.server;
      server.close();
      for (const s of this.sockets) s.destroy();
      const t = setTimeout(() => {
        if (this.stopped) return;
        const next = createServer((req, res) => this.handle(req, res));
        void listenOnLoopback(next, this.port, this.sockets);
        this.server = next;
      }, ms);
      t.unref();
    }
  }

  /** Cut every open stream (as a load balancer idle timeout would). */
  dropStreams(): void {
    for (const set of this.streams.values()) {
      for (const res of set) res.socket?.destroy();
      set.clear();
    }
  }

  /** Change an app's behaviour (badTag, failTag, missing, …) for the next rollout. */
  configure(name: string, patch: Partial<ArgoSimApp>): void {
    const rt = this.apps.get(name);
    if (!rt) throw new Error(`unknown app ${name}`);
    Object.assign(rt.cfg, patch);
  }

  /** The Application object as served now. */
  application(name: string): ArgoSimApplication {
    const rt = this.apps.get(name);
    if (!rt) throw new Error(`unknown app ${name}`);
    return this.render(rt);
  }

  /** When the simulator first reported `sha` settled and Healthy (ms epoch), if it has. */
  healthyAt(name: string, sha: string): number | undefined {
    return this.transitions.find((t) => t.app === name && t.revision === sha && t.health === 'Healthy' && t.sync === 'Synced' && t.settled)?.at;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  // ---- state machine ----

  private fileOf(cfg: ArgoSimApp): string {
    return cfg.file ?? `${cfg.path.replace(/\/+$/, '')}/values.yaml`;
  }

  private later(rt: Runtime, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    rt.timers.push(t);
  }

  private rollout(rt: Runtime, rev: string, tag: string | undefined): void {
    rt.timers.forEach(clearTimeout);
    rt.timers = [];
    const refresh = this.opts.refreshDelayMs ?? 300;
    const syncDelay = this.opts.syncDelayMs ?? 300;
    const healthDelay = this.opts.healthDelayMs ?? 300;
    const staleWindow = this.opts.staleAfterSyncMs ?? 100;
    const cfg = rt.cfg;
    // The trap: a fresh reconciliation that still compares the old revision.
    this.later(rt, Math.min(50, refresh / 2), () => {
      rt.reconciledAt = Date.now();
      this.changed(rt);
    });
    this.later(rt, refresh, () => {
      rt.sync = { status: 'OutOfSync', revision: rev };
      rt.settled = false;
      rt.reconciledAt = Date.now();
      rt.resources = this.resourcesFor(rt, rt.health.status, 'OutOfSync');
      this.changed(rt);
      this.later(rt, Math.min(50, syncDelay / 3), () => {
        const startedAt = Date.now();
        rt.operation = this.operationOf(rt, rev);
        rt.operationState = this.opState(rt, rev, 'Running', startedAt);
        this.changed(rt);
        this.later(rt, syncDelay, () => {
          const finishedAt = Date.now();
          delete rt.operation;
          if (tag !== undefined && cfg.failTag?.test(tag)) {
            rt.operationState = this.opState(
              rt,
              rev,
              'Failed',
              startedAt,
              finishedAt,
              'one or more objects failed to apply, reason: Deployment.apps "payments" is invalid: spec.template.spec.containers[0].image: Invalid value',
            );
            rt.settled = true;
            this.changed(rt);
            return;
          }
          rt.operationState = this.opState(rt, rev, 'Succeeded', startedAt, finishedAt);
          rt.history.push(this.historyEntry(rt, rt.history.length, rev, finishedAt, startedAt));
          rt.deployed = rev;
          if (tag !== undefined) rt.deployedTag = tag;
          rt.sync = { status: 'Synced', revision: rev };
          // Stale health: the operation finished but the app was not refreshed since.
          rt.reconciledAt = Math.floor(finishedAt / 1000) * 1000 - 1000;
          this.changed(rt);
          this.later(rt, staleWindow, () => {
            rt.reconciledAt = Date.now();
            const next = cfg.missing ? 'Missing' : 'Progressing';
            rt.health = next === 'Missing' ? { status: 'Missing' } : { status: 'Progressing' };
            rt.resources = this.resourcesFor(rt, next);
            if (cfg.missing) {
              rt.sync = { status: 'OutOfSync', revision: rev };
              rt.settled = true;
            }
            this.changed(rt);
            if (cfg.missing) return;
            this.later(rt, healthDelay, () => {
              rt.reconciledAt = Date.now();
              const bad = tag !== undefined && cfg.badTag?.test(tag);
              const final = bad ? 'Degraded' : cfg.suspended ? 'Suspended' : 'Healthy';
              rt.health = bad ? { status: 'Degraded', message: 'Deployment "payments" exceeded its progress deadline' } : { status: final };
              rt.resources = this.resourcesFor(rt, final);
              rt.settled = true;
              this.changed(rt);
            });
          });
        });
      });
    });
  }

  private sourcesSpec(rt: Runtime): Record<string, unknown>[] | undefined {
    const repoURL = rt.cfg.repoURL ?? `file://${rt.cfg.repo}`;
    return rt.cfg.sources?.map((s) =>
      s.follow
        ? { repoURL, path: s.path ?? rt.cfg.path, targetRevision: rt.cfg.branch ?? 'main', ...(s.ref ? { ref: s.ref } : {}) }
        : { repoURL: s.repoURL, targetRevision: s.targetRevision, ...(s.chart ? { chart: s.chart } : {}) },
    );
  }

  private revisionsFor(rt: Runtime, rev: string): string[] | undefined {
    return rt.cfg.sources?.map((s) => (s.follow ? rev : s.targetRevision));
  }

  private operationOf(rt: Runtime, rev: string): Record<string, unknown> {
    const revisions = this.revisionsFor(rt, rev);
    return {
      sync: revisions ? { revisions, prune: true } : { revision: rev, prune: true },
      initiatedBy: { automated: true },
      retry: {},
    };
  }

  private opState(rt: Runtime, rev: string, phase: string, startedAt: number, finishedAt?: number, message?: string): Record<string, unknown> {
    const revisions = this.revisionsFor(rt, rev);
    const st: Record<string, unknown> = {
      operation: this.operationOf(rt, rev),
      phase,
      message: message ?? (phase === 'Running' ? 'waiting for healthy state of apps/Deployment/payments' : 'successfully synced (all tasks run)'),
      startedAt: argoTime(startedAt),
    };
    if (finishedAt !== undefined) {
      st.finishedAt = argoTime(finishedAt);
      st.syncResult = {
        ...(revisions ? { revisions, sources: this.sourcesSpec(rt) } : { revision: rev, source: this.sourceSpec(rt) }),
        resources: [
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: this.destNs(rt),
            name: rt.cfg.name,
            status: phase === 'Succeeded' ? 'Synced' : 'SyncFailed',
            message: phase === 'Succeeded' ? 'deployment.apps/payments configured' : (message ?? ''),
            hookPhase: phase === 'Succeeded' ? 'Succeeded' : 'Failed',
            syncPhase: 'Sync',
          },
        ],
      };
    }
    return st;
  }

  private sourceSpec(rt: Runtime): Record<string, unknown> {
    return { repoURL: rt.cfg.repoURL ?? `file://${rt.cfg.repo}`, path: rt.cfg.path, targetRevision: rt.cfg.branch ?? 'main' };
  }

  private historyEntry(rt: Runtime, id: number, rev: string, deployedAt: number, startedAt?: number): Record<string, unknown> {
    const revisions = this.revisionsFor(rt, rev);
    return {
      id,
      ...(revisions ? { revisions, sources: this.sourcesSpec(rt) } : { revision: rev, source: this.sourceSpec(rt) }),
      deployedAt: argoTime(deployedAt),
      deployStartedAt: argoTime(startedAt ?? deployedAt),
      initiatedBy: { automated: true },
    };
  }

  private destNs(rt: Runtime): string {
    return rt.cfg.name;
  }

  private resourcesFor(rt: Runtime, health: string, sync = 'Synced'): Record<string, unknown>[] {
    const messages: Record<string, string> = {
      Progressing: 'Waiting for rollout to finish: 1 old replicas are pending termination...',
      Degraded: 'Deployment "payments" exceeded its progress deadline',
      Missing: '',
      Suspended: 'Deployment is paused',
    };
    const dep: Record<string, unknown> = {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: this.destNs(rt),
      name: rt.cfg.name,
      status: health === 'Missing' ? 'OutOfSync' : sync,
      health: { status: health, ...(messages[health] ? { message: messages[health] } : {}) },
    };
    const svc = {
      version: 'v1',
      kind: 'Service',
      namespace: this.destNs(rt),
      name: rt.cfg.name,
      status: health === 'Missing' ? 'OutOfSync' : 'Synced',
      health: { status: health === 'Missing' ? 'Missing' : 'Healthy' },
    };
    return [svc, dep];
  }

  private changed(rt: Runtime): void {
    rt.resourceVersion++;
    this.record(rt);
    const set = this.streams.get(rt.cfg.name);
    if (!set || set.size === 0 || Date.now() < this.outageUntil) return;
    const line = `${JSON.stringify({ result: { type: 'MODIFIED', application: this.render(rt) } })}\n`;
    for (const res of set) res.write(line);
  }

  private record(rt: Runtime): void {
    const os = rt.operationState as { phase?: string; finishedAt?: string } | undefined;
    const finished = os?.finishedAt ? Date.parse(os.finishedAt) : undefined;
    const settledNow = rt.settled && !rt.operation && (finished === undefined || Math.floor(rt.reconciledAt / 1000) * 1000 >= finished);
    this.transitions.push({
      at: Date.now(),
      app: rt.cfg.name,
      health: rt.health.status,
      sync: rt.sync.status,
      revision: rt.sync.revision,
      ...(os?.phase ? { phase: os.phase } : {}),
      settled: settledNow,
    });
  }

  private render(rt: Runtime): ArgoSimApplication {
    const cfg = rt.cfg;
    const ns = cfg.namespace ?? 'argocd';
    const revisions = this.revisionsFor(rt, rt.sync.revision);
    const sources = this.sourcesSpec(rt);
    const app: ArgoSimApplication = {
      metadata: {
        name: cfg.name,
        namespace: ns,
        uid: `00000000-0000-4000-8000-${String(Math.abs(hash(cfg.name)))
          .padStart(12, '0')
          .slice(0, 12)}`,
        resourceVersion: String(rt.resourceVersion),
        generation: 1 + rt.history.length,
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { 'app.kubernetes.io/instance': cfg.name },
      },
      spec: {
        project: cfg.project ?? 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: this.destNs(rt) },
        ...(sources ? { sources } : { source: this.sourceSpec(rt) }),
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
      },
      status: {
        sync: {
          status: rt.sync.status,
          ...(revisions ? { revisions } : { revision: rt.sync.revision }),
          comparedTo: {
            destination: { server: 'https://kubernetes.default.svc', namespace: this.destNs(rt) },
            ...(sources ? { sources } : { source: this.sourceSpec(rt) }),
          },
        },
        health: { ...rt.health, lastTransitionTime: argoTime(rt.reconciledAt) },
        reconciledAt: argoTime(rt.reconciledAt),
        observedAt: argoTime(rt.reconciledAt),
        resources: rt.resources,
        history: rt.history,
        sourceType: 'Helm',
        ...(sources ? { sourceTypes: sources.map(() => 'Helm') } : {}),
        summary: rt.deployedTag ? { images: [`${cfg.image ?? 'ghcr.io/acme/payments'}:${rt.deployedTag}`] } : {},
        controllerNamespace: 'argocd',
        ...(rt.operationState ? { operationState: rt.operationState as ArgoSimApplication['status']['operationState'] } : {}),
      },
      ...(rt.operation ? { operation: rt.operation } : {}),
    };
    return app;
  }

  // ---- HTTP ----

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://sim');
    this.requests.push({ method: req.method ?? 'GET', path: u.pathname, query: u.search, at: Date.now() });
    if (Date.now() < this.outageUntil) {
      this.json(res, 503, { code: 14, message: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure' });
      return;
    }
    if (this.opts.token) {
      const auth = req.headers.authorization ?? '';
      if (!auth) return this.json(res, 401, { error: 'no session information', code: 16, message: 'no session information' });
      if (auth !== `Bearer ${this.opts.token}`) {
        return this.json(res, 401, { error: 'invalid session: token signature is invalid', code: 16, message: 'invalid session: token signature is invalid' });
      }
    }
    if (req.method !== 'GET') return this.json(res, 405, { code: 12, message: 'method not allowed' });
    const appNamespace = u.searchParams.get('appNamespace');
    const projects = [...u.searchParams.getAll('project'), ...u.searchParams.getAll('projects')];
    const visible = (rt: Runtime | undefined): rt is Runtime =>
      !!rt && (!appNamespace || appNamespace === (rt.cfg.namespace ?? 'argocd')) && (projects.length === 0 || projects.includes(rt.cfg.project ?? 'default'));
    const m = /^\/api\/v1\/applications\/([^/]+)$/.exec(u.pathname);
    if (m) {
      const rt = this.apps.get(decodeURIComponent(m[1]));
      // Argo CD answers 403 for an app that does not exist (so names cannot be probed).
      if (!visible(rt)) return this.json(res, 403, { error: 'permission denied', code: 7, message: 'permission denied' });
      const refresh = u.searchParams.get('refresh');
      if (refresh === 'normal' || refresh === 'hard') void this.notify().catch(() => {});
      return this.json(res, 200, this.render(rt));
    }
    if (u.pathname === '/api/v1/stream/applications') {
      if (this.opts.stream === false) return this.json(res, 404, { code: 5, message: 'Not Found' });
      const name = u.searchParams.get('name') ?? '';
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      let set = this.streams.get(name);
      if (!set) this.streams.set(name, (set = new Set()));
      set.add(res);
      res.on('close', () => set.delete(res));
      const rt = this.apps.get(name);
      if (visible(rt)) res.write(`${JSON.stringify({ result: { type: 'ADDED', application: this.render(rt) } })}\n`);
      return;
    }
    this.json(res, 404, { code: 5, message: 'Not Found' });
  }
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

export async function startArgoCdSimulator(opts: ArgoSimOptions): Promise<ArgoCdSimulator> {
  return new ArgoCdSimulator(opts).start();
}
