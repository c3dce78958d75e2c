/**
 * Flux health gate: a Kustomization (kustomize.toolkit.fluxcd.io/v1) or HelmRelease
 * (helm.toolkit.fluxcd.io/v2) read through the Kubernetes API. List + watch by field selector
 * (resuming from resourceVersion, re-listing on 410 Gone), falling back to polling. Optionally
 * requests a reconcile the way `flux reconcile --with-source` does: a merge-patch of the
 * `reconcile.fluxcd.io/requestedAt` annotation on the GitRepository source, then on the object.
 * Each snapshot is judged by evaluateFluxObject (flux-eval.ts).
 */
import { InputError, RemoteError } from '../errors.js';
import { loadKubeConnection, type KubeConnection, type KubeConnectionOptions } from './kubeconfig.js';
import { RevisionAcceptance } from './accept.js';
import { evaluateFluxObject, fluxStateOf, reportedFluxRevisions, type FluxEvalOptions, type FluxKind, type FluxObject, type FluxRetries } from './flux-eval.js';
import { sameRevision, shortRevision } from './revision.js';
import { sleep } from '../retry.js';
import { createDispatcher, errorText, isTransientStatus, ndjson, outageBackoff, send, TransientError, type HttpResponse } from './transport.js';
import type { GateObservation, HealthGate, ObserveOptions } from './types.js';
import type { Dispatcher } from 'undici';

export const FLUX_KINDS: Record<FluxKind | 'GitRepository', { group: string; version: string; plural: string }> = {
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' },
  GitRepository: { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'gitrepositories' },
};

export const RECONCILE_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';

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
    if (res.status === 401)
      return new RemoteError(
        `Kubernetes API rejected the credentials from ${this.conn.source} (HTTP 401) reading ${what}`,
        'check KUBECONFIG / the service account token',
        { status: 401 },
      );
    if (res.status === 403)
      return new RemoteError(
        `Kubernetes API denied ${what} (HTTP 403)${detail ? `: ${detail}` : ''}`,
        'grant get/list/watch (and patch for reconcile) on the Flux resources',
        { status: 403 },
      );
    if (res.status === 404)
      return new RemoteError(`${what} not found (HTTP 404)`, 'check --flux-kind, --flux-name and --flux-namespace, and that Flux is installed', {
        status: 404,
      });
    if (isTransientStatus(res.status)) return new TransientError(`Kubernetes API answered HTTP ${res.status}`, res.status);
    return new RemoteError(`Kubernetes API answered HTTP ${res.status} for ${what}${detail ? `: ${detail}` : ''}`, undefined, { status: res.status });
  }

  private async getObject(kind: FluxKind | 'GitRepository', ns: string, name: string, signal: AbortSignal): Promise<FluxObject> {
    this.requestCount++;
    const res = await send(this.path(kind, ns, name), {
      signal,
      dispatcher: this.dispatcher,
      headers: this.headers(),
      timeoutMs: this.opts.requestTimeoutMs ?? 30_000,
    });
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
    const backoff = outageBackoff(o.pollIntervalMs);
    let warned = false;
    while (!o.signal.aborted) {
      try {
        return await fn();
      } catch (err) {
        if (o.signal.aborted) return undefined;
        if (!(err instanceof TransientError)) throw err;
        if (!warned) o.log('warn', `Kubernetes API unavailable (${err.message}); retrying until the timeout`);
        warned = true;
        await backoff.wait(o.signal);
      }
    }
    return undefined;
  }

  async *observe(o: ObserveOptions): AsyncGenerator<GateObservation> {
    const { signal } = o;
    const { name, fluxKind } = this.opts;
    const evalOpts: FluxEvalOptions = {
      kind: fluxKind,
      ...(o.revision ? { revision: o.revision } : {}),
      ...(this.opts.failReasons ? { failReasons: this.opts.failReasons } : {}),
      ...(this.opts.retries ? { retries: this.opts.retries } : {}),
    };

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
            yield {
              state: fluxStateOf(obj, fluxKind),
              verdict: 'wait',
              reason: `waiting for GitRepository ${srcNs}/${ref.name} to fetch ${shortRevision(o.revision)}`,
            };
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
    const backoff = outageBackoff(o.pollIntervalMs);
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
          const res = await send(`${this.path(fluxKind, this.ns)}?${selector}`, {
            signal,
            dispatcher: this.dispatcher,
            headers: this.headers(),
            timeoutMs: this.opts.requestTimeoutMs ?? 30_000,
          });
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
        backoff.reset();
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
        await backoff.wait(signal);
      } finally {
        ctl.abort();
      }
    }
  }
}
