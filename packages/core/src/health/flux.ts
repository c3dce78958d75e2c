/**
 * Flux health gate: a Kustomization (kustomize.toolkit.fluxcd.io/v1) or HelmRelease
 * (helm.toolkit.fluxcd.io/v2) read through the Kubernetes API. List + watch by field selector
 * (resuming from resourceVersion, re-listing on 410 Gone), falling back to polling. Optionally
 * requests a reconcile the way `flux reconcile --with-source` does: a merge-patch of the
 * `reconcile.fluxcd.io/requestedAt` annotation on the GitRepository source, then on the object.
 */
import { InputError, RemoteError } from '../errors.js';
import { loadKubeConnection, type KubeConnection, type KubeConnectionOptions } from './kubeconfig.js';
import { RevisionAcceptance } from './accept.js';
import { describeHelmFailure, HELM_ACTION_REASONS, helmFailureOf } from './helm-remediation.js';
import { sameRevision, shortRevision } from './revision.js';
import { createDispatcher, errorText, isTransientStatus, ndjson, send, sleep, TransientError, type HttpResponse } from './transport.js';
import type { GateObservation, GateState, HealthGate, ObserveOptions } from './types.js';
import type { Dispatcher } from 'undici';

export type FluxKind = 'Kustomization' | 'HelmRelease';

export const FLUX_KINDS: Record<FluxKind | 'GitRepository', { group: string; version: string; plural: string }> = {
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' },
  GitRepository: { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories' },
};

export const RECONCILE_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';

/** Ready=False reasons that will not fix themselves for this revision. */
export const TERMINAL_REASONS = [
  'BuildFailed',
  'HealthCheckFailed',
  'ArtifactFailed',
  'ReconciliationFailed',
  'PruneFailed',
  'InstallFailed',
  'UpgradeFailed',
  'TestFailed',
  'RollbackFailed',
  'UninstallFailed',
  'RetriesExceeded',
];

export interface FluxCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export interface FluxObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; generation?: number; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: {
    sourceRef?: { kind?: string; name?: string; namespace?: string };
    chart?: { spec?: { sourceRef?: { kind?: string; name?: string; namespace?: string } } };
    install?: { remediation?: HelmRemediationSpec };
    upgrade?: { remediation?: HelmRemediationSpec & { strategy?: 'rollback' | 'uninstall' } };
  };
  status?: {
    observedGeneration?: number;
    conditions?: FluxCondition[];
    lastAppliedRevision?: string;
    lastAttemptedRevision?: string;
    lastHandledReconcileAt?: string;
    history?: { chartVersion?: string; status?: string; appVersion?: string; version?: number }[];
    lastAttemptedReleaseAction?: string;
    installFailures?: number;
    upgradeFailures?: number;
    artifact?: { revision?: string };
  };
}

/** HelmRelease `install.remediation` / `upgrade.remediation`. */
export interface HelmRemediationSpec {
  retries?: number;
  remediateLastFailure?: boolean;
}

/**
 * What a failed Helm action of our revision means while helm-controller still has remediation
 * retries left: `fail` the gate at once (default), or `wait` for the retries (the gate fails once
 * helm-controller gives up, and passes if a retry releases our revision).
 */
export type FluxRetries = 'fail' | 'wait';

export interface FluxEvalOptions {
  kind: FluxKind;
  revision?: string;
  /** The requestedAt we wrote (HelmRelease: evidence that our source revision was handled). */
  requestedAt?: string;
  /** The source reported our revision before the reconcile was requested. */
  sourceAtRevision?: boolean;
  /** Ready=False reasons that fail the gate (default TERMINAL_REASONS). */
  failReasons?: string[];
  /** HelmRelease remediation retries left: fail (default) or wait. */
  retries?: FluxRetries;
}

function cond(obj: FluxObject, type: string): FluxCondition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

export function fluxStateOf(obj: FluxObject, kind: FluxKind): GateState {
  const ready = cond(obj, 'Ready');
  const stalled = cond(obj, 'Stalled');
  const reconciling = cond(obj, 'Reconciling');
  const st = obj.status ?? {};
  const gen = obj.metadata?.generation;
  const current = gen === undefined || st.observedGeneration === gen;
  let health: string;
  if (stalled?.status === 'True') health = 'Stalled';
  else if (ready?.status === 'True' && current) health = 'Healthy';
  else if (ready?.status === 'False') health = 'Degraded';
  else health = reconciling?.status === 'True' || ready?.status === 'Unknown' || !current ? 'Progressing' : 'Unknown';
  const revision = kind === 'Kustomization' ? st.lastAppliedRevision : (st.history?.[0]?.chartVersion ?? st.lastAttemptedRevision);
  const attempted = st.lastAttemptedRevision;
  const top = st.history?.[0];
  // A failed or pending Helm release of the attempted chart is not applied.
  const applied = kind === 'Kustomization' ? st.lastAppliedRevision : top && (!top.status || top.status === 'deployed') ? top.chartVersion : undefined;
  const state: GateState = {
    health,
    sync: current && attempted !== undefined && applied === attempted ? 'Synced' : 'OutOfSync',
    resources: [],
  };
  if (revision) state.revision = revision;
  const reason = stalled?.status === 'True' ? stalled.reason : ready?.reason;
  if (reason) state.operation = reason;
  const message = stalled?.status === 'True' ? stalled.message : ready?.message;
  if (message) state.message = message;
  return state;
}

/** Pass / fail / wait for one Kustomization or HelmRelease snapshot. Pure. */
export function evaluateFluxObject(obj: FluxObject, opts: FluxEvalOptions): GateObservation {
  const state = fluxStateOf(obj, opts.kind);
  const st = obj.status ?? {};
  const ready = cond(obj, 'Ready');
  const stalled = cond(obj, 'Stalled');
  const gen = obj.metadata?.generation;
  const current = (gen === undefined || st.observedGeneration === gen) && (ready?.observedGeneration === undefined || gen === undefined || ready.observedGeneration === gen);
  const expected = opts.revision;
  const want = expected ? shortRevision(expected) : 'the current revision';
  const failReasons = new Set(opts.failReasons ?? TERMINAL_REASONS);
  const handledOurRequest = !!opts.requestedAt && st.lastHandledReconcileAt === opts.requestedAt;

  let attemptedOurs: boolean;
  let appliedOurs: boolean;
  let waitingFor: string;
  let carried = false;
  if (!expected) {
    attemptedOurs = true;
    appliedOurs = true;
    waitingFor = '';
  } else if (opts.kind === 'Kustomization') {
    attemptedOurs = sameRevision(st.lastAttemptedRevision, expected);
    appliedOurs = sameRevision(st.lastAppliedRevision, expected);
    waitingFor = `waiting for lastAppliedRevision ${want} (is ${shortRevision(st.lastAppliedRevision)})`;
  } else {
    // HelmRelease: the chart version carries the source revision with reconcileStrategy Revision
    // (`0.1.0+<sha12>`); otherwise our handled reconcile request is the evidence.
    carried = [st.lastAttemptedRevision, st.history?.[0]?.chartVersion].some((r) => !!r && /\+[0-9a-f]{7,}$/i.test(r));
    if (carried) {
      attemptedOurs = sameRevision(st.lastAttemptedRevision, expected);
      // Released means history[0] is ours *and* deployed (not failed, superseded or pending).
      const top = st.history?.[0];
      appliedOurs = attemptedOurs && sameRevision(top?.chartVersion ?? st.lastAttemptedRevision, expected) && (!top?.status || top.status === 'deployed');
      waitingFor = `waiting for the release of ${want} (last attempted ${shortRevision(st.lastAttemptedRevision)})`;
    } else if (opts.requestedAt) {
      attemptedOurs = handledOurRequest && opts.sourceAtRevision !== false;
      const status = st.history?.[0]?.status;
      appliedOurs = attemptedOurs && (!status || status === 'deployed');
      waitingFor = opts.sourceAtRevision === false ? `waiting for the source to fetch ${want}` : 'waiting for the HelmRelease to handle our reconcile request';
    } else {
      attemptedOurs = false;
      appliedOurs = false;
      waitingFor = 'the HelmRelease does not carry the source revision: enable reconcile so the gate can tell our revision was released';
    }
  }

  if (opts.kind === 'HelmRelease') {
    // Every sign that helm-controller attempted our revision and a Helm action failed (Released /
    // TestSuccess False, Remediated, our chart version failed or rolled back in history).
    const ours = carried && expected ? (v: string | undefined) => sameRevision(v, expected) : undefined;
    const failure = helmFailureOf(obj, { ...(ours ? { ours } : {}), attemptedOurs });
    if (failure) {
      const reason = describeHelmFailure(failure);
      if (failure.gaveUp) return { state, verdict: 'fail', reason };
      // The remediation's outcome (rolled back, or not) is part of the verdict: it is what runs now.
      if (failure.remediation?.phase === 'pending') return { state, verdict: 'wait', reason };
      return { state, verdict: opts.retries === 'wait' ? 'wait' : 'fail', reason };
    }
  }
  if (stalled?.status === 'True' && attemptedOurs) {
    return { state, verdict: 'fail', reason: `Stalled at ${want}: ${stalled.reason ?? ''}${stalled.message ? ` — ${stalled.message}` : ''}` };
  }
  // A HelmRelease's Ready only mirrors Released / Remediated, judged above (a stale pair may name another revision).
  const mirrored = opts.kind === 'HelmRelease' && HELM_ACTION_REASONS.has(ready?.reason ?? '') && !!(cond(obj, 'Released') ?? cond(obj, 'Remediated'));
  if (ready?.status === 'False' && attemptedOurs && current && !mirrored && failReasons.has(ready.reason ?? '')) {
    return { state, verdict: 'fail', reason: `Ready=False (${ready.reason}) at ${want}${ready.message ? `: ${ready.message}` : ''}` };
  }
  if (!current) return { state, verdict: 'wait', reason: `waiting for observedGeneration ${gen} (is ${st.observedGeneration ?? '-'})` };
  if (!appliedOurs) return { state, verdict: 'wait', reason: waitingFor };
  if (ready?.status === 'True') return { state, verdict: 'pass', reason: `Ready at ${want}${ready.message ? `: ${ready.message}` : ''}` };
  return { state, verdict: 'wait', reason: `waiting for Ready=True (${ready?.status ?? 'no Ready condition'}${ready?.reason ? `, ${ready.reason}` : ''})` };
}

/**
 * The revisions a Flux object reports, newest first: the last attempted one, then the last
 * applied one (HelmRelease: only chart versions carrying the source revision, `0.1.0+<sha>`,
 * as with reconcileStrategy Revision).
 */
export function reportedFluxRevisions(obj: FluxObject, kind: FluxKind): (string | undefined)[] {
  const st = obj.status ?? {};
  if (kind === 'Kustomization') return [st.lastAttemptedRevision, st.lastAppliedRevision];
  // Without the source revision in the chart version there is nothing to compare.
  return [st.lastAttemptedRevision, st.history?.[0]?.chartVersion].map((r) => (r && /\+[0-9a-f]{7,}$/i.test(r) ? r : undefined));
}

export interface FluxGateOptions extends KubeConnectionOptions {
  fluxKind: FluxKind;
  name: string;
  /** Default flux-system. */
  namespace?: string;
  /** Request a reconcile (annotation on the GitRepository source and the object). Default false. */
  reconcile?: boolean;
  /** Use watch (default true); false: poll. */
  watch?: boolean;
  failReasons?: string[];
  /** HelmRelease remediation retries left: fail (default) or wait. */
  retries?: FluxRetries;
  requestTimeoutMs?: number;
  /** A ready connection instead of reading kubeconfig (tests). */
  connection?: KubeConnection;
}

interface WatchEvent {
  type?: string;
  object?: FluxObject & { code?: number; message?: string; reason?: string };
}

export class FluxGate implements HealthGate {
  readonly kind = 'flux' as const;
  readonly target: string;
  readonly secrets: readonly string[];
  requestCount = 0;
  private readonly conn: KubeConnection;
  private readonly dispatcher: Dispatcher;
  private readonly ns: string;

  constructor(private readonly opts: FluxGateOptions) {
    if (!FLUX_KINDS[opts.fluxKind] || opts.fluxKind === ('GitRepository' as FluxKind)) {
      throw new InputError(`unknown Flux kind '${opts.fluxKind}'`, 'use --flux-kind Kustomization or HelmRelease');
    }
    if (!opts.name) throw new InputError('Flux object name is empty', 'pass --flux-name');
    if (opts.retries !== undefined && opts.retries !== 'fail' && opts.retries !== 'wait') {
      throw new InputError(`--flux-retries "${String(opts.retries)}" is not fail or wait`, 'use --flux-retries fail (default) or --flux-retries wait');
    }
    this.ns = opts.namespace ?? 'flux-system';
    this.conn = opts.connection ?? loadKubeConnection(opts);
    const token = this.conn.token();
    this.secrets = [token, this.conn.basic].filter((s): s is string => !!s);
    this.dispatcher = createDispatcher(this.conn.tls);
    this.target = `Flux ${opts.fluxKind} ${this.ns}/${opts.name}`;
  }

  private path(kind: FluxKind | 'GitRepository', ns: string, name?: string): string {
    const k = FLUX_KINDS[kind];
    return `${this.conn.server}/apis/${k.group}/${k.version}/namespaces/${encodeURIComponent(ns)}/${k.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...extra };
    const token = this.conn.token();
    if (token) h.authorization = `Bearer ${token}`;
    else if (this.conn.basic) h.authorization = `Basic ${this.conn.basic}`;
    return h;
  }

  private async failure(res: HttpResponse, what: string): Promise<Error> {
    const detail = await errorText(res);
    if (res.status === 401) return new RemoteError(`Kubernetes API rejected the credentials from ${this.conn.source} (HTTP 401) reading ${what}`, 'check KUBECONFIG / the service account token', { status: 401 });
    if (res.status === 403) return new RemoteError(`Kubernetes API denied ${what} (HTTP 403)${detail ? `: ${detail}` : ''}`, 'grant get/list/watch (and patch for reconcile) on the Flux resources', { status: 403 });
    if (res.status === 404) return new RemoteError(`${what} not found (HTTP 404)`, 'check --flux-kind, --flux-name and --flux-namespace, and that Flux is installed', { status: 404 });
    if (isTransientStatus(res.status)) return new TransientError(`Kubernetes API answered HTTP ${res.status}`, res.status);
    return new RemoteError(`Kubernetes API answered HTTP ${res.status} for ${what}${detail ? `: ${detail}` : ''}`, undefined, { status: res.status });
  }

  private async getObject(kind: FluxKind | 'GitRepository', ns: string, name: string, signal: AbortSignal): Promise<FluxObject> {
    this.requestCount++;
    const res = await send(this.path(kind, ns, name), { signal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: this.opts.requestTimeoutMs ?? 30_000 });
    if (!res.ok) throw await this.failure(res, `${kind} ${ns}/${name}`);
    return (await res.json()) as FluxObject;
  }

  private async annotate(kind: FluxKind | 'GitRepository', ns: string, name: string, value: string, signal: AbortSignal): Promise<void> {
    this.requestCount++;
    const res = await send(this.path(kind, ns, name), {
      method: 'PATCH',
      signal,
      dispatcher: this.dispatcher,
      headers: this.headers({ 'content-type': 'application/merge-patch+json' }),
      body: JSON.stringify({ metadata: { annotations: { [RECONCILE_ANNOTATION]: value } } }),
      timeoutMs: this.opts.requestTimeoutMs ?? 30_000,
    });
    if (!res.ok) throw await this.failure(res, `patching ${kind} ${ns}/${name}`);
    await res.arrayBuffer();
  }

  /** Retry transient failures until the signal aborts. */
  private async patiently<T>(fn: () => Promise<T>, o: ObserveOptions): Promise<T | undefined> {
    let backoff = 250;
    let warned = false;
    while (!o.signal.aborted) {
      try {
        return await fn();
      } catch (err) {
        if (o.signal.aborted) return undefined;
        if (!(err instanceof TransientError)) throw err;
        if (!warned) o.log('warn', `Kubernetes API unavailable (${err.message}); retrying until the timeout`);
        warned = true;
        await sleep(backoff, o.signal);
        backoff = Math.min(backoff * 2, Math.max(250, Math.min(o.pollIntervalMs, 5000)));
      }
    }
    return undefined;
  }

  async *observe(o: ObserveOptions): AsyncGenerator<GateObservation> {
    const { signal } = o;
    const { name, fluxKind } = this.opts;
    const evalOpts: FluxEvalOptions = { kind: fluxKind, ...(o.revision ? { revision: o.revision } : {}), ...(this.opts.failReasons ? { failReasons: this.opts.failReasons } : {}), ...(this.opts.retries ? { retries: this.opts.retries } : {}) };

    // A newer revision that contains ours (acceptRevision) is evaluated as if it were ours.
    const acceptance = new RevisionAcceptance(o);
    const evaluate = async (x: FluxObject): Promise<GateObservation> => {
      const effective = await acceptance.resolveFirst(reportedFluxRevisions(x, fluxKind));
      const opts = effective === evalOpts.revision ? evalOpts : { ...evalOpts, revision: effective };
      return acceptance.annotate(evaluateFluxObject(x, opts), effective);
    };

    let obj = await this.patiently(() => this.getObject(fluxKind, this.ns, name, signal), o);
    if (!obj) return;

    if (this.opts.reconcile) {
      const ref = fluxKind === 'Kustomization' ? obj.spec?.sourceRef : obj.spec?.chart?.spec?.sourceRef;
      const requestedAt = new Date().toISOString();
      if (ref?.kind === 'GitRepository' && ref.name) {
        const srcNs = ref.namespace ?? this.ns;
        try {
          await this.patiently(() => this.annotate('GitRepository', srcNs, ref.name!, requestedAt, signal), o);
          o.log('debug', `requested reconcile of GitRepository ${srcNs}/${ref.name}`);
          if (fluxKind === 'HelmRelease' && o.revision) {
            // As `flux reconcile hr --with-source`: the release is reconciled once the source has our commit.
            evalOpts.sourceAtRevision = false;
            yield { state: fluxStateOf(obj, fluxKind), verdict: 'wait', reason: `waiting for GitRepository ${srcNs}/${ref.name} to fetch ${shortRevision(o.revision)}` };
            while (!signal.aborted) {
              const src = await this.patiently(() => this.getObject('GitRepository', srcNs, ref.name!, signal), o);
              const fetched = src?.status?.artifact?.revision;
              if (fetched && (sameRevision(fetched, o.revision) || (await acceptance.accepted(fetched)))) break;
              await sleep(Math.min(o.pollIntervalMs, 1000), signal);
            }
            if (signal.aborted) return;
            evalOpts.sourceAtRevision = true;
          }
        } catch (err) {
          if (!(err instanceof RemoteError) || err.status !== 403) throw err;
          o.log('warn', `not allowed to request a reconcile of GitRepository ${srcNs}/${ref.name} (403); waiting for its interval`);
        }
      }
      try {
        await this.patiently(() => this.annotate(fluxKind, this.ns, name, requestedAt, signal), o);
        evalOpts.requestedAt = requestedAt;
        o.log('debug', `requested reconcile of ${fluxKind} ${this.ns}/${name} at ${requestedAt}`);
      } catch (err) {
        if (!(err instanceof RemoteError) || err.status !== 403) throw err;
        o.log('warn', `not allowed to request a reconcile of ${fluxKind} ${this.ns}/${name} (403); waiting for its interval`);
      }
    }
    if (fluxKind === 'HelmRelease' && o.revision && !evalOpts.requestedAt) {
      o.log('debug', 'HelmRelease: relying on the chart version carrying the source revision (reconcileStrategy: Revision)');
    }

    let ob = await evaluate(obj);
    yield ob;
    if (ob.verdict !== 'wait') return;

    let watching = this.opts.watch !== false;
    let resourceVersion: string | undefined;
    const selector = `fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`;
    let backoff = 250;
    let outage = false;
    while (!signal.aborted) {
      if (!watching) {
        await sleep(o.pollIntervalMs, signal);
        if (signal.aborted) return;
        const fresh = await this.patiently(() => this.getObject(fluxKind, this.ns, name, signal), o);
        if (!fresh) return;
        obj = fresh;
        ob = await evaluate(obj);
        yield ob;
        if (ob.verdict !== 'wait') return;
        continue;
      }
      const ctl = new AbortController();
      const s = AbortSignal.any([signal, ctl.signal]);
      try {
        if (!resourceVersion) {
          // List to get a resourceVersion to watch from (and the current object).
          this.requestCount++;
          const res = await send(`${this.path(fluxKind, this.ns)}?${selector}`, { signal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: this.opts.requestTimeoutMs ?? 30_000 });
          if (!res.ok) throw await this.failure(res, `${fluxKind} list in ${this.ns}`);
          const list = (await res.json()) as { metadata?: { resourceVersion?: string }; items?: FluxObject[] };
          resourceVersion = list.metadata?.resourceVersion;
          const item = list.items?.find((i) => i.metadata?.name === name);
          if (!item) throw new RemoteError(`${fluxKind} ${this.ns}/${name} not found`, 'check --flux-name and --flux-namespace');
          obj = item;
          ob = await evaluate(obj);
          yield ob;
          if (ob.verdict !== 'wait') return;
        }
        this.requestCount++;
        const url = `${this.path(fluxKind, this.ns)}?${selector}&watch=1&allowWatchBookmarks=true&timeoutSeconds=300${resourceVersion ? `&resourceVersion=${encodeURIComponent(resourceVersion)}` : ''}`;
        const res = await send(url, { signal: s, dispatcher: this.dispatcher, headers: this.headers() });
        if (!res.ok) {
          const err = await this.failure(res, `watch of ${fluxKind} ${this.ns}/${name}`);
          if (err instanceof TransientError) throw err;
          if (res.status === 401 || res.status === 403) throw err;
          watching = false;
          o.log('warn', `Kubernetes watch unavailable (HTTP ${res.status}); polling every ${(o.pollIntervalMs / 1000).toFixed(1)}s`);
          continue;
        }
        if (outage) o.log('warn', 'Kubernetes API reachable again');
        outage = false;
        backoff = 250;
        for await (const raw of ndjson(res, s)) {
          const ev = raw as WatchEvent;
          if (ev.type === 'ERROR') {
            if (ev.object?.code === 410) {
              o.log('debug', 'watch resourceVersion expired (410 Gone); listing again');
              resourceVersion = undefined;
              break;
            }
            throw new TransientError(`watch error: ${ev.object?.message ?? 'unknown'}`);
          }
          if (ev.object?.metadata?.resourceVersion) resourceVersion = ev.object.metadata.resourceVersion;
          if (ev.type === 'BOOKMARK') continue;
          if (ev.type === 'DELETED') throw new RemoteError(`${fluxKind} ${this.ns}/${name} was deleted while waiting`);
          if (!ev.object || ev.object.metadata?.name !== name) continue;
          obj = ev.object;
          ob = await evaluate(obj);
          yield ob;
          if (ob.verdict !== 'wait') return;
        }
        if (signal.aborted) return;
        o.log('debug', 'watch ended; watching again');
      } catch (err) {
        if (signal.aborted) return;
        if (!(err instanceof TransientError)) throw err;
        if (!outage) o.log('warn', `Kubernetes API unavailable (${err.message}); retrying until the timeout`);
        outage = true;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, Math.max(250, Math.min(o.pollIntervalMs, 5000)));
      } finally {
        ctl.abort();
      }
    }
  }
}
