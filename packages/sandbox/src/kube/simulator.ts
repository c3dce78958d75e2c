/**
 * A Kubernetes API simulator for Flux: GitRepository (source.toolkit.fluxcd.io/v1), Kustomization
 * (kustomize.toolkit.fluxcd.io/v1) and HelmRelease (helm.toolkit.fluxcd.io/v2). It follows an env
 * repo (a real bare repository) like source-controller does and moves the objects' status
 * conditions as the controllers do, starting from Ready=True at the old revision (stale status).
 * GET, list (fieldSelector metadata.name), watch (resourceVersion, 410 Gone when too old),
 * merge-patch (application/merge-patch+json; the reconcile.fluxcd.io/requestedAt annotation
 * triggers a reconcile and sets status.lastHandledReconcileAt), bearer auth, outages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { listenOnLoopback, pollEvery } from '../loopback.js';
import { refSha, showFile } from '../repos.js';

export type KubeSimKind = 'GitRepository' | 'Kustomization' | 'HelmRelease';

export const KUBE_SIM_KINDS: Record<KubeSimKind, { group: string; version: string; plural: string }> = {
  GitRepository: { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories' },
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' },
};

export interface KubeSimFluxObject {
  kind: 'Kustomization' | 'HelmRelease';
  name: string;
  /** Default flux-system. */
  namespace?: string;
  /** Path in the repo (Kustomization spec.path, HelmRelease chart path). */
  path: string;
  /** File holding the tag. Default `<path>/values.yaml`. */
  file?: string;
  /** Dot-separated YAML key of the tag. Default `image.tag`. */
  tagKey?: string;
  /** Tag matching → health check / upgrade fails (Kustomization HealthCheckFailed; HelmRelease UpgradeFailed, remediated as configured). */
  badTag?: RegExp;
  /** HelmRelease: a bad tag's upgrade fails this many attempts, then succeeds (default: every attempt). */
  badTagFailures?: number;
  /** HelmRelease `spec.upgrade.remediation` (default retries 0: no rollback, Stalled after the first failure). */
  remediation?: { retries: number; strategy?: 'rollback'; remediateLastFailure?: boolean };
  /** Tag matching → Kustomization BuildFailed. */
  buildFailTag?: RegExp;
  /** HelmRelease chart version. Default 0.1.0. */
  chartVersion?: string;
  /** HelmRelease reconcileStrategy Revision: chart version `0.1.0+<sha12>` carries the source revision. */
  revisionInChart?: boolean;
}

export interface KubeSimOptions {
  /** Bare repository followed by the GitRepository. */
  repo: string;
  branch?: string;
  /** GitRepository name/namespace. Default env / flux-system. */
  source?: { name?: string; namespace?: string; url?: string };
  objects: KubeSimFluxObject[];
  /** Accepted bearer token; unset: no auth. */
  token?: string;
  /** Source fetch delay after a push / reconcile request. Default 300 ms. */
  sourceDelayMs?: number;
  /** Apply (or Helm action start) delay. Default 300 ms. */
  applyDelayMs?: number;
  /** Health checks / Helm action duration. Default 300 ms. */
  healthDelayMs?: number;
  /** Helm rollback duration (HelmRelease remediation). Default healthDelayMs. */
  rollbackDelayMs?: number;
  /** Requeue delay before helm-controller retries a remediated upgrade. Default applyDelayMs. */
  retryDelayMs?: number;
  /** Branch polling period (the GitRepository interval). Default 100 ms; 0: the source fetches only when
   *  asked (requestedAt annotation on the GitRepository, or notify()), as with a long interval. */
  repoPollMs?: number;
  /** Serve watches (default true); false answers 405 to watch requests. */
  watch?: boolean;
  /** How many change events are kept for watches; older resourceVersions get 410 Gone. Default 1000. */
  eventWindow?: number;
  port?: number;
}

type Obj = Record<string, unknown> & {
  apiVersion: string;
  kind: KubeSimKind;
  metadata: {
    name: string;
    namespace: string;
    generation: number;
    resourceVersion: string;
    uid: string;
    creationTimestamp: string;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
};

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration: number;
  lastTransitionTime: string;
}

interface Entry {
  obj: Obj;
  cfg?: KubeSimFluxObject;
  timers: NodeJS.Timeout[];
  handledRequest?: string;
  releaseVersion: number;
}

const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const nowTime = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export interface KubeSimTransition {
  at: number;
  kind: KubeSimKind;
  name: string;
  ready?: string;
  reason?: string;
  /** Kustomization lastAppliedRevision / HelmRelease history[0].chartVersion. */
  applied?: string;
  /** The source commit a finished reconcile used. */
  revisionHandled?: string;
  /** HelmRelease Remediated / Stalled condition status, when present. */
  remediated?: string;
  stalled?: string;
}

export class KubeSimulator {
  url = '';
  readonly requests: { method: string; path: string; query: string; at: number }[] = [];
  readonly transitions: KubeSimTransition[] = [];
  private server?: Server;
  private rv = 100;
  private readonly objects = new Map<string, Entry>();
  private readonly events: { rv: number; type: string; key: string; obj: Obj }[] = [];
  private readonly watchers = new Set<{ res: ServerResponse; kind: KubeSimKind; ns: string; name?: string }>();
  private readonly sockets = new Set<Socket>();
  private poller?: NodeJS.Timeout;
  private polling = false;
  private outageUntil = 0;
  private stopped = false;
  private head?: string;
  private sourceKey = '';

  constructor(readonly opts: KubeSimOptions) {}

  private key(kind: KubeSimKind, ns: string, name: string): string {
    return `${kind}/${ns}/${name}`;
  }

  async start(): Promise<this> {
    const branch = this.opts.branch ?? 'main';
    const head = (await refSha(this.opts.repo, branch)) ?? '0'.repeat(40);
    this.head = head;
    const src = { name: this.opts.source?.name ?? 'env', namespace: this.opts.source?.namespace ?? 'flux-system' };
    const revision = `${branch}@sha1:${head}`;
    this.sourceKey = this.key('GitRepository', src.namespace, src.name);
    this.objects.set(this.sourceKey, {
      obj: this.newObj(
        'GitRepository',
        src.namespace,
        src.name,
        { interval: '1m', url: this.opts.source?.url ?? `file://${this.opts.repo}`, ref: { branch } },
        {
          observedGeneration: 1,
          artifact: {
            revision,
            path: `gitrepository/${src.namespace}/${src.name}/${head}.tar.gz`,
            url: `http://source-controller/${head}.tar.gz`,
            digest: `sha256:${head.padEnd(64, '0').slice(0, 64)}`,
            lastUpdateTime: nowTime(),
          },
          conditions: [this.cond('Ready', 'True', 'Succeeded', `stored artifact for revision '${revision}'`, 1)],
        },
      ),
      timers: [],
      releaseVersion: 0,
    });
    for (const cfg of this.opts.objects) {
      const ns = cfg.namespace ?? 'flux-system';
      const tag = await this.tagAt(cfg, head);
      const e: Entry = { cfg, timers: [], releaseVersion: 1, obj: undefined as unknown as Obj };
      if (cfg.kind === 'Kustomization') {
        e.obj = this.newObj(
          'Kustomization',
          ns,
          cfg.name,
          {
            interval: '10m',
            path: `./${cfg.path}`,
            prune: true,
            wait: true,
            timeout: '5m',
            sourceRef: { kind: 'GitRepository', name: src.name, namespace: src.namespace },
          },
          {
            observedGeneration: 1,
            lastAppliedRevision: revision,
            lastAttemptedRevision: revision,
            conditions: [this.cond('Ready', 'True', 'ReconciliationSucceeded', `Applied revision: ${revision}`, 1)],
            inventory: { entries: [{ id: `${cfg.name}_${cfg.name}_apps_Deployment`, v: 'v1' }] },
          },
        );
        void tag;
      } else {
        const chartVersion = this.chartVersion(cfg, head);
        e.obj = this.newObj(
          'HelmRelease',
          ns,
          cfg.name,
          {
            interval: '10m',
            releaseName: cfg.name,
            chart: {
              spec: {
                chart: `./${cfg.path}`,
                ...(cfg.revisionInChart ? { reconcileStrategy: 'Revision' } : {}),
                sourceRef: { kind: 'GitRepository', name: src.name, namespace: src.namespace },
              },
            },
            upgrade: { remediation: { retries: 0, ...cfg.remediation } },
          },
          {
            observedGeneration: 1,
            helmChart: `${ns}/${ns}-${cfg.name}`,
            lastAttemptedRevision: chartVersion,
            lastAttemptedGeneration: 1,
            lastAttemptedReleaseAction: 'install',
            lastAttemptedConfigDigest: 'sha256:0000',
            history: [this.snapshot(e, cfg, chartVersion, 'deployed')],
            storageNamespace: ns,
            conditions: [
              this.cond(
                'Ready',
                'True',
                'InstallSucceeded',
                `Helm install succeeded for release ${ns}/${cfg.name}.v1 with chart ${cfg.name}@${chartVersion}`,
                1,
              ),
              this.cond(
                'Released',
                'True',
                'InstallSucceeded',
                `Helm install succeeded for release ${ns}/${cfg.name}.v1 with chart ${cfg.name}@${chartVersion}`,
                1,
              ),
            ],
          },
        );
      }
      this.objects.set(this.key(cfg.kind, ns, cfg.name), e);
      this.note(e.obj);
    }
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.status(500, 'InternalError', String(err))));
      });
    });
    this.url = `http://127.0.0.1:${await listenOnLoopback(this.server, this.opts.port ?? 0, this.sockets)}`;
    this.poller = pollEvery(this.opts.repoPollMs ?? 100, () => this.notify());
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    for (const e of this.objects.values()) e.timers.forEach(clearTimeout);
    this.dropWatches();
    for (const s of this.sockets) s.destroy();
    if (this.server?.listening) await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** The source controller's interval fired: fetch the branch now. */
  async notify(force = false): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      const head = await refSha(this.opts.repo, this.opts.branch ?? 'main');
      if (head && (head !== this.head || force)) {
        const changed = head !== this.head;
        this.head = head;
        const src = this.objects.get(this.sourceKey)!;
        this.later(src, this.opts.sourceDelayMs ?? 300, () => void this.storeArtifact(head, changed));
      }
    } finally {
      this.polling = false;
    }
  }

  outage(ms: number): void {
    this.outageUntil = Date.now() + ms;
    this.dropWatches();
  }

  dropWatches(): void {
    for (const w of this.watchers) w.res.socket?.destroy();
    this.watchers.clear();
  }

  /** Change how an object behaves for the next reconcile (badTag, …). */
  configure(name: string, patch: Partial<KubeSimFluxObject>): void {
    for (const e of this.objects.values()) if (e.cfg?.name === name) Object.assign(e.cfg, patch);
  }

  /** The stored object (a copy). */
  get(kind: KubeSimKind, name: string, namespace = 'flux-system'): Obj {
    const e = this.objects.get(this.key(kind, namespace, name));
    if (!e) throw new Error(`no ${kind} ${namespace}/${name}`);
    return structuredClone(e.obj);
  }

  /** When the object first reported Ready=True at `sha`. */
  readyAt(name: string, sha: string): number | undefined {
    return this.transitions.find(
      (t) =>
        t.name === name &&
        t.ready === 'True' &&
        !!t.applied &&
        (t.applied.endsWith(sha) || t.applied.endsWith(`+${sha.slice(0, 12)}`) || t.revisionHandled === sha),
    )?.at;
  }

  // ---- controllers ----

  private later(e: Entry, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    e.timers.push(t);
  }

  private async tagAt(cfg: KubeSimFluxObject, sha: string): Promise<string | undefined> {
    const text = await showFile(this.opts.repo, sha, cfg.file ?? `${cfg.path.replace(/\/+$/, '')}/values.yaml`);
    if (text === null) return undefined;
    try {
      let cur: unknown = parseYaml(text);
      for (const k of (cfg.tagKey ?? 'image.tag').split('.')) cur = (cur as Record<string, unknown> | undefined)?.[k];
      return cur === undefined || cur === null ? undefined : String(cur);
    } catch {
      return undefined;
    }
  }

  private chartVersion(cfg: KubeSimFluxObject, sha: string): string {
    const v = cfg.chartVersion ?? '0.1.0';
    return cfg.revisionInChart ? `${v}+${sha.slice(0, 12)}` : v;
  }

  private async storeArtifact(head: string, changed: boolean): Promise<void> {
    const src = this.objects.get(this.sourceKey)!;
    const branch = this.opts.branch ?? 'main';
    const revision = `${branch}@sha1:${head}`;
    const st = src.obj.status;
    st.artifact = {
      ...(st.artifact as object),
      revision,
      path: `gitrepository/x/${head}.tar.gz`,
      url: `http://source-controller/${head}.tar.gz`,
      lastUpdateTime: nowTime(),
    };
    st.conditions = [this.cond('Ready', 'True', 'Succeeded', `stored artifact for revision '${revision}'`, src.obj.metadata.generation)];
    const ann = src.obj.metadata.annotations?.[REQUESTED_AT];
    if (ann) st.lastHandledReconcileAt = ann;
    this.touch(src.obj);
    if (!changed) return;
    for (const e of this.objects.values()) {
      if (e.cfg) this.reconcile(e, head);
    }
  }

  private sourceHead(): string {
    const rev = String((this.objects.get(this.sourceKey)!.obj.status.artifact as { revision: string }).revision);
    return rev.slice(rev.indexOf(':') + 1);
  }

  private reconcile(e: Entry, sha: string): void {
    e.timers.forEach(clearTimeout);
    e.timers = [];
    const cfg = e.cfg!;
    const o = e.obj;
    const gen = o.metadata.generation;
    const st = o.status;
    const branch = this.opts.branch ?? 'main';
    const revision = `${branch}@sha1:${sha}`;
    const ns = o.metadata.namespace;
    const finish = () => {
      // As the controllers do: a finished reconcile records the request annotation it saw.
      const requestedAt = o.metadata.annotations?.[REQUESTED_AT];
      if (requestedAt) st.lastHandledReconcileAt = requestedAt;
      st.observedGeneration = gen;
    };
    void this.tagAt(cfg, sha).then((tag) => {
      if (cfg.kind === 'Kustomization') {
        st.conditions = [
          this.cond('Reconciling', 'True', 'Progressing', `Fetching manifests for revision ${revision} with a timeout of 5m0s`, gen),
          this.cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress', gen),
        ];
        this.touch(o);
        this.later(e, this.opts.applyDelayMs ?? 300, () => {
          st.lastAttemptedRevision = revision;
          if (tag !== undefined && cfg.buildFailTag?.test(tag)) {
            st.conditions = [
              this.cond(
                'Ready',
                'False',
                'BuildFailed',
                `kustomize build failed: accumulating resources from './${cfg.path}': invalid image tag '${tag}'`,
                gen,
              ),
            ];
            finish();
            this.touch(o, sha);
            return;
          }
          // Applied, health checks running: lastAppliedRevision is ours but Ready is not True yet.
          st.lastAppliedRevision = revision;
          st.conditions = [
            this.cond('Reconciling', 'True', 'Progressing', `Running health checks for revision ${revision} with a timeout of 5m0s`, gen),
            this.cond('Ready', 'Unknown', 'Progressing', `Running health checks for revision ${revision} with a timeout of 5m0s`, gen),
          ];
          this.touch(o);
          this.later(e, this.opts.healthDelayMs ?? 300, () => {
            if (tag !== undefined && cfg.badTag?.test(tag)) {
              st.conditions = [
                this.cond(
                  'Ready',
                  'False',
                  'HealthCheckFailed',
                  `health check failed after 5m0s: timeout waiting for: [Deployment/${cfg.name}/${cfg.name} status: 'Failed']`,
                  gen,
                ),
                this.cond(
                  'Healthy',
                  'False',
                  'HealthCheckFailed',
                  `health check failed after 5m0s: timeout waiting for: [Deployment/${cfg.name}/${cfg.name} status: 'Failed']`,
                  gen,
                ),
              ];
            } else {
              st.conditions = [
                this.cond('Ready', 'True', 'ReconciliationSucceeded', `Applied revision: ${revision}`, gen),
                this.cond('Healthy', 'True', 'Succeeded', 'Health check passed in 2.1s', gen),
              ];
            }
            finish();
            this.touch(o, sha);
          });
        });
        return;
      }
      // HelmRelease, as helm-controller's atomic release: upgrade → on failure Released=False, then the
      // remediation (rollback) → Remediated=True, Ready mirroring it → retry while retries are left →
      // Stalled RetriesExceeded. Released/Remediated of an earlier attempt stay until the next result.
      const chartVersion = this.chartVersion(cfg, sha);
      const conds = () => (st.conditions as Condition[]) ?? [];
      const set = (c: Condition) => (st.conditions = [...conds().filter((x) => x.type !== c.type), c]);
      const drop = (...types: string[]) => (st.conditions = conds().filter((x) => !types.includes(x.type)));
      const remediation = { retries: 0, ...cfg.remediation };
      const remediateLast = remediation.remediateLastFailure ?? remediation.retries > 0;
      // A new desired state: failure counters and Stalled start over.
      delete st.upgradeFailures;
      delete st.failures;
      drop('Stalled');
      set(this.cond('Reconciling', 'True', 'Progressing', 'Fulfilling prerequisites', gen));
      set(this.cond('Ready', 'Unknown', 'Progressing', 'Fulfilling prerequisites', gen));
      this.touch(o);
      let attempts = 0;
      const stall = () => {
        drop('Reconciling');
        set(this.cond('Stalled', 'True', 'RetriesExceeded', `Failed to upgrade after ${Number(st.upgradeFailures)} attempt(s)`, gen));
      };
      const attempt = () => {
        const release = ++e.releaseVersion;
        st.lastAttemptedRevision = chartVersion;
        st.lastAttemptedGeneration = gen;
        st.lastAttemptedReleaseAction = 'upgrade';
        const running = `Running 'upgrade' action with timeout of 5m0s`;
        set(this.cond('Reconciling', 'True', 'Progressing', running, gen));
        set(this.cond('Ready', 'Unknown', 'Progressing', running, gen));
        this.touch(o);
        this.later(e, this.opts.healthDelayMs ?? 300, () => {
          attempts++;
          const fails = tag !== undefined && !!cfg.badTag?.test(tag) && attempts <= (cfg.badTagFailures ?? Infinity);
          const history = ((st.history as Record<string, unknown>[]) ?? []).slice();
          drop('Remediated', 'TestSuccess');
          if (!fails) {
            for (const h of history) if (h.status === 'deployed') h.status = 'superseded';
            history.unshift(this.snapshot(e, cfg, chartVersion, 'deployed', release));
            st.history = history.slice(0, 5);
            const msg = `Helm upgrade succeeded for release ${ns}/${cfg.name}.v${release} with chart ${cfg.name}@${chartVersion}`;
            set(this.cond('Released', 'True', 'UpgradeSucceeded', msg, gen));
            set(this.cond('Ready', 'True', 'UpgradeSucceeded', msg, gen));
            drop('Reconciling', 'Stalled');
            delete st.upgradeFailures;
            delete st.failures;
            finish();
            this.touch(o, sha);
            return;
          }
          history.unshift(this.snapshot(e, cfg, chartVersion, 'failed', release));
          st.history = history.slice(0, 5);
          st.upgradeFailures = Number(st.upgradeFailures ?? 0) + 1;
          st.failures = Number(st.failures ?? 0) + 1;
          const msg = `Helm upgrade failed for release ${ns}/${cfg.name} with chart ${cfg.name}@${chartVersion}: context deadline exceeded`;
          set(this.cond('Released', 'False', 'UpgradeFailed', msg, gen));
          set(this.cond('Ready', 'False', 'UpgradeFailed', msg, gen));
          const exhausted = remediation.retries >= 0 && Number(st.upgradeFailures) > remediation.retries;
          const prev = history.slice(1).find((h) => h.status === 'deployed' || h.status === 'superseded');
          if ((exhausted && !remediateLast) || !prev) {
            stall();
            finish();
            this.touch(o, sha);
            return;
          }
          // Progress is patched, then the rollback runs (Ready keeps the upgrade failure meanwhile).
          set(this.cond('Reconciling', 'True', 'Progressing', `Running 'rollback' action with timeout of 5m0s`, gen));
          this.touch(o);
          this.later(e, this.opts.rollbackDelayMs ?? this.opts.healthDelayMs ?? 300, () => {
            const h2 = ((st.history as Record<string, unknown>[]) ?? []).slice();
            for (const h of h2) if (h.status === 'deployed' || h.status === 'failed') h.status = 'superseded';
            const back = ++e.releaseVersion;
            h2.unshift(this.snapshot(e, cfg, String(prev.chartVersion), 'deployed', back));
            st.history = h2.slice(0, 5);
            const rb = `Helm rollback to previous release ${ns}/${cfg.name}.v${Number(prev.version)} with chart ${cfg.name}@${String(prev.chartVersion)} succeeded`;
            set(this.cond('Remediated', 'True', 'RollbackSucceeded', rb, gen));
            set(this.cond('Ready', 'False', 'RollbackSucceeded', rb, gen));
            if (exhausted) {
              stall();
              finish();
              this.touch(o, sha);
              return;
            }
            set(this.cond('Reconciling', 'True', 'ProgressingWithRetry', rb, gen));
            finish();
            this.touch(o, sha);
            this.later(e, this.opts.retryDelayMs ?? this.opts.applyDelayMs ?? 300, attempt);
          });
        });
      };
      this.later(e, this.opts.applyDelayMs ?? 300, attempt);
    });
  }

  private snapshot(e: Entry, cfg: KubeSimFluxObject, chartVersion: string, status: string, version = e.releaseVersion): Record<string, unknown> {
    return {
      chartName: cfg.name,
      chartVersion,
      appVersion: '1.0.0',
      configDigest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
      digest: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
      firstDeployed: '2026-01-01T00:00:00Z',
      lastDeployed: nowTime(),
      name: cfg.name,
      namespace: cfg.namespace ?? 'flux-system',
      status,
      version,
    };
  }

  private cond(type: string, status: Condition['status'], reason: string, message: string, observedGeneration: number): Condition {
    return { type, status, reason, message, observedGeneration, lastTransitionTime: nowTime() };
  }

  private newObj(kind: KubeSimKind, namespace: string, name: string, spec: Record<string, unknown>, status: Record<string, unknown>): Obj {
    const k = KUBE_SIM_KINDS[kind];
    return {
      apiVersion: `${k.group}/${k.version}`,
      kind,
      metadata: { name, namespace, generation: 1, resourceVersion: String(++this.rv), uid: `uid-${kind}-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' },
      spec,
      status,
    };
  }

  private note(o: Obj, handled?: string): void {
    const ready = (o.status.conditions as Condition[] | undefined)?.find((c) => c.type === 'Ready');
    const remediated = (o.status.conditions as Condition[] | undefined)?.find((c) => c.type === 'Remediated');
    const stalled = (o.status.conditions as Condition[] | undefined)?.find((c) => c.type === 'Stalled');
    const history = o.status.history as { chartVersion?: string }[] | undefined;
    this.transitions.push({
      at: Date.now(),
      kind: o.kind,
      name: o.metadata.name,
      ...(ready ? { ready: ready.status, reason: ready.reason } : {}),
      ...(o.kind === 'Kustomization'
        ? { applied: o.status.lastAppliedRevision as string }
        : history?.[0]?.chartVersion
          ? { applied: history[0].chartVersion }
          : {}),
      ...(handled ? { revisionHandled: handled } : {}),
      ...(remediated ? { remediated: remediated.status } : {}),
      ...(stalled ? { stalled: stalled.status } : {}),
    });
  }

  private touch(o: Obj, handled?: string): void {
    o.metadata.resourceVersion = String(++this.rv);
    this.note(o, handled);
    const key = this.key(o.kind, o.metadata.namespace, o.metadata.name);
    const snap = structuredClone(o);
    this.events.push({ rv: this.rv, type: 'MODIFIED', key, obj: snap });
    const window = this.opts.eventWindow ?? 1000;
    if (this.events.length > window) this.events.splice(0, this.events.length - window);
    if (Date.now() < this.outageUntil) return;
    for (const w of this.watchers) {
      if (w.kind === o.kind && w.ns === o.metadata.namespace && (!w.name || w.name === o.metadata.name)) {
        w.res.write(`${JSON.stringify({ type: 'MODIFIED', object: snap })}\n`);
      }
    }
  }

  // ---- HTTP ----

  private status(code: number, reason: string, message: string): Record<string, unknown> {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async body(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://sim');
    this.requests.push({ method: req.method ?? 'GET', path: u.pathname, query: u.search, at: Date.now() });
    if (Date.now() < this.outageUntil)
      return this.send(res, 503, this.status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'));
    if (this.opts.token && req.headers.authorization !== `Bearer ${this.opts.token}`) {
      return this.send(res, 401, this.status(401, 'Unauthorized', 'Unauthorized'));
    }
    const m = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(u.pathname);
    const kind = m
      ? (Object.keys(KUBE_SIM_KINDS) as KubeSimKind[]).find(
          (k) => KUBE_SIM_KINDS[k].group === m[1] && KUBE_SIM_KINDS[k].version === m[2] && KUBE_SIM_KINDS[k].plural === m[4],
        )
      : undefined;
    if (!m || !kind) return this.send(res, 404, this.status(404, 'NotFound', 'the server could not find the requested resource'));
    const ns = decodeURIComponent(m[3]);
    const name = m[5] ? decodeURIComponent(m[5]) : undefined;
    const k = KUBE_SIM_KINDS[kind];
    const notFound = (n: string) =>
      this.send(res, 404, { ...this.status(404, 'NotFound', `${k.plural}.${k.group} "${n}" not found`), details: { name: n, group: k.group, kind: k.plural } });

    if (name) {
      const e = this.objects.get(this.key(kind, ns, name));
      if (!e) return notFound(name);
      if (req.method === 'GET') return this.send(res, 200, e.obj);
      if (req.method === 'PATCH') {
        if (!String(req.headers['content-type'] ?? '').startsWith('application/merge-patch+json')) {
          return this.send(
            res,
            415,
            this.status(
              415,
              'UnsupportedMediaType',
              `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
            ),
          );
        }
        let patch: unknown;
        try {
          patch = JSON.parse(await this.body(req));
        } catch {
          return this.send(res, 400, this.status(400, 'BadRequest', 'invalid JSON'));
        }
        const before = JSON.stringify(e.obj.spec);
        const next = mergePatch(e.obj, patch) as Obj;
        next.status = e.obj.status; // status is a subresource
        next.metadata = { ...next.metadata, name: e.obj.metadata.name, namespace: ns, uid: e.obj.metadata.uid };
        if (JSON.stringify(next.spec) !== before) next.metadata.generation = e.obj.metadata.generation + 1;
        e.obj = next;
        this.touch(e.obj);
        const requested = e.obj.metadata.annotations?.[REQUESTED_AT];
        if (requested && requested !== e.handledRequest) {
          e.handledRequest = requested;
          if (kind === 'GitRepository') void this.notify(true);
          else this.later(e, 20, () => this.reconcile(e, this.sourceHead()));
        }
        return this.send(res, 200, e.obj);
      }
      return this.send(res, 405, this.status(405, 'MethodNotAllowed', 'method not allowed'));
    }
    if (req.method !== 'GET') return this.send(res, 405, this.status(405, 'MethodNotAllowed', 'method not allowed'));
    const field = u.searchParams.get('fieldSelector');
    const only = field ? /^metadata\.name=(.+)$/.exec(field)?.[1] : undefined;
    const matches = (key: string) => {
      const [kk, nn, na] = key.split('/');
      return kk === kind && nn === ns && (!only || na === only);
    };
    if (u.searchParams.get('watch') === '1' || u.searchParams.get('watch') === 'true') {
      if (this.opts.watch === false) return this.send(res, 405, this.status(405, 'MethodNotAllowed', 'watch is not supported'));
      const from = Number(u.searchParams.get('resourceVersion') ?? '0');
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      const oldest = this.events[0]?.rv ?? this.rv;
      if (from && from < oldest - 1) {
        res.write(`${JSON.stringify({ type: 'ERROR', object: this.status(410, 'Expired', `too old resource version: ${from} (${oldest})`) })}\n`);
        res.end();
        return;
      }
      if (!from) {
        for (const [key, e] of this.objects) if (matches(key)) res.write(`${JSON.stringify({ type: 'ADDED', object: e.obj })}\n`);
      } else {
        for (const ev of this.events) if (ev.rv > from && matches(ev.key)) res.write(`${JSON.stringify({ type: ev.type, object: ev.obj })}\n`);
      }
      const w = { res, kind, ns, ...(only ? { name: only } : {}) };
      this.watchers.add(w);
      res.on('close', () => this.watchers.delete(w));
      const timeout = Number(u.searchParams.get('timeoutSeconds') ?? '0');
      if (timeout > 0) {
        const t = setTimeout(() => res.end(), timeout * 1000);
        t.unref();
        res.on('close', () => clearTimeout(t));
      }
      return;
    }
    const items = [...this.objects].filter(([key]) => matches(key)).map(([, e]) => e.obj);
    return this.send(res, 200, { apiVersion: `${k.group}/${k.version}`, kind: `${kind}List`, metadata: { resourceVersion: String(this.rv) }, items });
  }
}

export async function startKubeSimulator(opts: KubeSimOptions): Promise<KubeSimulator> {
  return new KubeSimulator(opts).start();
}
