/**
 * Argo CD health gate. GET the application once with `refresh=normal` (or `hard`), then follow
 * `/api/v1/stream/applications?name=` (NDJSON watch events), falling back to polling when the
 * stream is unavailable. Reconnects when the stream drops and rides out API outages until the
 * caller's deadline. Each snapshot is judged by evaluateArgoApp (argocd-eval.ts).
 */
import pRetry, { AbortError } from 'p-retry';
import { InputError, RemoteError } from '../errors.js';
import { urlForMessage } from '../redaction.js';
import { sleep } from '../retry.js';
import { RevisionAcceptance } from './accept.js';
import { evaluateArgoApp, reportedArgoRevisions, type ArgoApplication, type ArgoEvalMemory, type ArgoEvalOptions } from './argocd-eval.js';
import { createDispatcher, errorText, isTransientStatus, ndjson, outageBackoff, send, TransientError } from './transport.js';
import type { GateObservation, HealthGate, ObserveOptions } from './types.js';
import type { Dispatcher } from 'undici';

// ---- the gate ----

export interface ArgoCdGateOptions extends Omit<ArgoEvalOptions, 'revision'> {
  /** Argo CD server URL (`https://argocd.example.com`, or `host:port` as ARGOCD_SERVER is often set). */
  server: string;
  /** Application name. */
  app: string;
  /** Namespace of the Application (apps-in-any-namespace). */
  appNamespace?: string;
  /** Project the application must belong to. */
  project?: string;
  /** Bearer token; default ARGOCD_AUTH_TOKEN. */
  token?: string;
  /** Accept self-signed certificates. */
  insecure?: boolean;
  /** Refresh requested with the first GET. Default 'normal'. */
  refresh?: 'normal' | 'hard' | false;
  /** Follow the watch stream (default true); false: poll only. */
  stream?: boolean;
  /** While streaming, also GET the application this often (guards against a silent stream). Default 30 s. */
  resyncMs?: number;
  /** Per-request timeout (headers; whole body for GETs). Default 30 s. */
  requestTimeoutMs?: number;
  /** Environment to read ARGOCD_AUTH_TOKEN from (tests). Default process.env. */
  env?: Record<string, string | undefined>;
}

/** Pause before reconnecting a stream that ended cleanly. */
const RECONNECT_MS = 250;

interface StreamEvent {
  result?: { type?: string; application?: ArgoApplication };
  error?: { http_code?: number; message?: string; grpc_code?: number };
}

export class ArgoCdGate implements HealthGate {
  readonly kind = 'argocd' as const;
  readonly target: string;
  readonly targetUrl: string;
  readonly secrets: readonly string[];
  requestCount = 0;
  private readonly base: string;
  private readonly token?: string;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly opts: ArgoCdGateOptions) {
    if (!opts.app) throw new InputError('Argo CD application name is empty', 'pass --argocd-app <name>');
    if (!opts.server) throw new InputError('Argo CD server is empty', 'pass --argocd-server <url> or set ARGOCD_SERVER');
    const server = /^https?:\/\//i.test(opts.server) ? opts.server : `https://${opts.server}`;
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new InputError(`Argo CD server is not a URL: ${urlForMessage(server)}`, 'use https://argocd.example.com');
    }
    if (url.username || url.password) {
      throw new InputError('Argo CD server URL must not carry credentials', 'pass the token in ARGOCD_AUTH_TOKEN');
    }
    this.base = url.toString().replace(/\/+$/, '');
    this.token = opts.token ?? (opts.env ?? process.env).ARGOCD_AUTH_TOKEN ?? undefined;
    this.secrets = this.token ? [this.token] : [];
    this.dispatcher = createDispatcher({ insecure: opts.insecure });
    this.target = `Argo CD application ${opts.appNamespace ? `${opts.appNamespace}/` : ''}${opts.app}`;
    this.targetUrl = `${this.base}/applications/${opts.appNamespace ? `${encodeURIComponent(opts.appNamespace)}/` : ''}${encodeURIComponent(opts.app)}`;
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    return h;
  }

  private query(extra: Record<string, string | undefined>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
    if (this.opts.appNamespace) q.set('appNamespace', this.opts.appNamespace);
    if (this.opts.project) q.set('project', this.opts.project);
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  /** Map a non-2xx answer to an error: permanent (RemoteError) or TransientError. */
  private async failure(res: Awaited<ReturnType<typeof send>>, what: string): Promise<Error> {
    const app = this.opts.app;
    const detail = await errorText(res);
    if (res.status === 401) {
      return new RemoteError(
        `Argo CD at ${this.base} rejected the token (HTTP 401) while reading ${what}`,
        'set ARGOCD_AUTH_TOKEN to a valid token (argocd account generate-token)',
        { status: 401 },
      );
    }
    if (res.status === 403) {
      return new RemoteError(
        `Argo CD denied access to application '${app}' (HTTP 403): it does not exist${this.opts.project ? ` in project '${this.opts.project}'` : ''}${this.opts.appNamespace ? ` in namespace '${this.opts.appNamespace}'` : ''}, or the token may not read it`,
        'check the application name, appNamespace and project, and that the token\'s role allows "applications, get"',
        { status: 403 },
      );
    }
    if (res.status === 404) {
      return new RemoteError(
        `Argo CD at ${this.base} has no application '${app}' (HTTP 404)`,
        'check the application name and the server URL (include the --rootpath if Argo CD has one)',
        { status: 404 },
      );
    }
    if (isTransientStatus(res.status)) return new TransientError(`Argo CD answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`, res.status);
    return new RemoteError(`Argo CD answered HTTP ${res.status} for ${what}${detail ? `: ${detail}` : ''}`, undefined, { status: res.status });
  }

  /** One GET of the application (transient failures throw TransientError). */
  async get(signal: AbortSignal, refresh?: 'normal' | 'hard'): Promise<ArgoApplication> {
    const url = `${this.base}/api/v1/applications/${encodeURIComponent(this.opts.app)}${this.query({ refresh })}`;
    this.requestCount++;
    const res = await send(url, { signal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: this.opts.requestTimeoutMs ?? 30_000 });
    if (!res.ok) throw await this.failure(res, `application '${this.opts.app}'`);
    try {
      return (await res.json()) as ArgoApplication;
    } catch {
      throw new TransientError('Argo CD sent a response that is not JSON');
    }
  }

  /** GET with a few quick retries (p-retry); permanent errors abort at once. */
  private getRetrying(signal: AbortSignal, refresh?: 'normal' | 'hard'): Promise<ArgoApplication> {
    return pRetry(
      async () => {
        try {
          return await this.get(signal, refresh);
        } catch (err) {
          if (err instanceof TransientError) throw err;
          throw new AbortError(err as Error);
        }
      },
      { retries: 2, minTimeout: 200, maxTimeout: 1000, signal },
    );
  }

  async *observe(o: ObserveOptions): AsyncGenerator<GateObservation> {
    const { signal } = o;
    const evalOpts: ArgoEvalOptions = { ...this.opts, ...(o.revision ? { revision: o.revision } : {}) };
    delete (evalOpts as { env?: unknown }).env;
    const mem: ArgoEvalMemory = {};
    // A newer revision that contains ours (acceptRevision) is evaluated as if it were ours.
    const acceptance = new RevisionAcceptance(o);
    const evaluate = async (a: ArgoApplication): Promise<GateObservation> => {
      const effective = await acceptance.resolveAll(reportedArgoRevisions(a, this.opts.repoURL));
      const opts = effective === evalOpts.revision ? evalOpts : { ...evalOpts, revision: effective };
      return acceptance.annotate(evaluateArgoApp(a, opts, mem, Date.now()), effective);
    };
    let app: ArgoApplication | undefined;
    const backoff = outageBackoff(o.pollIntervalMs);
    let outageSince: number | undefined;
    let lastGet = 0;
    const outage = (err: TransientError) => {
      if (outageSince === undefined) {
        outageSince = Date.now();
        o.log('warn', `Argo CD unavailable (${err.message}); retrying until the timeout`);
      } else {
        o.log('debug', `Argo CD still unavailable (${err.message})`);
      }
    };
    const recovered = () => {
      if (outageSince !== undefined) o.log('warn', `Argo CD reachable again after ${((Date.now() - outageSince) / 1000).toFixed(1)}s`);
      outageSince = undefined;
      backoff.reset();
    };

    // 1. One GET asking Argo CD to refresh, so the comparison is redone against the new commit.
    const refresh = this.opts.refresh === false ? undefined : (this.opts.refresh ?? 'normal');
    while (!signal.aborted && !app) {
      try {
        app = await this.getRetrying(signal, refresh);
        lastGet = Date.now();
        recovered();
      } catch (err) {
        if (signal.aborted) return;
        if (!(err instanceof TransientError)) throw err;
        outage(err);
        await backoff.wait(signal);
      }
    }
    if (!app) return;
    let ob = await evaluate(app);
    yield ob;
    if (ob.verdict !== 'wait') return;

    // 2. Stream (reconnecting), or poll.
    let streaming = this.opts.stream !== false;
    const resyncMs = this.opts.resyncMs ?? 30_000;
    while (!signal.aborted) {
      if (streaming) {
        const ctl = new AbortController();
        const streamSignal = AbortSignal.any([signal, ctl.signal]);
        try {
          const url = `${this.base}/api/v1/stream/applications${this.query({ name: this.opts.app })}`;
          this.requestCount++;
          const res = await send(url, { signal: streamSignal, dispatcher: this.dispatcher, headers: this.headers(), timeoutMs: undefined });
          if (!res.ok) {
            const err = await this.failure(res, 'the application stream');
            if (err instanceof TransientError) throw err;
            if (err instanceof RemoteError && (res.status === 401 || res.status === 403)) throw err;
            streaming = false;
            o.log('warn', `Argo CD streaming unavailable (HTTP ${res.status}); polling every ${(o.pollIntervalMs / 1000).toFixed(1)}s`);
            continue;
          }
          recovered();
          o.log('debug', 'Argo CD stream connected');
          const it = ndjson(res, streamSignal)[Symbol.asyncIterator]();
          let next = it.next();
          let gotEvent = false;
          for (;;) {
            const tick = sleep(o.pollIntervalMs, streamSignal).then(() => 'tick' as const);
            const r = await Promise.race([next, tick]);
            if (signal.aborted) return;
            if (r === 'tick') {
              if (Date.now() - lastGet >= resyncMs) {
                try {
                  app = await this.get(signal);
                  lastGet = Date.now();
                } catch (err) {
                  if (!(err instanceof TransientError)) throw err;
                  o.log('debug', `resync GET failed (${err.message})`);
                }
              }
            } else {
              if (r.done) break;
              next = it.next();
              const ev = r.value as StreamEvent;
              if (ev.error) {
                const code = ev.error.http_code ?? 0;
                if (code === 401 || code === 403 || code === 404)
                  throw await this.failure({ status: code, text: () => Promise.resolve(ev.error?.message ?? '') } as never, 'the application stream');
                throw new TransientError(`stream error: ${ev.error.message ?? code}`);
              }
              const a = ev.result?.application;
              if (!a || ev.result?.type === 'DELETED') {
                if (ev.result?.type === 'DELETED') {
                  throw new RemoteError(`Argo CD application '${this.opts.app}' was deleted while waiting`);
                }
                continue;
              }
              if (a.metadata?.name && a.metadata.name !== this.opts.app) continue;
              app = a;
              gotEvent = true;
            }
            ob = await evaluate(app);
            yield ob;
            if (ob.verdict !== 'wait') return;
          }
          if (signal.aborted) return;
          o.log('debug', `Argo CD stream ended${gotEvent ? '' : ' without an event'}; reconnecting`);
          await sleep(RECONNECT_MS, signal);
        } catch (err) {
          if (signal.aborted) return;
          if (!(err instanceof TransientError)) throw err;
          outage(err);
          // Keep grace timers moving while we cannot reach the API.
          ob = await evaluate(app);
          if (ob.verdict === 'fail') {
            yield ob;
            return;
          }
          await backoff.wait(signal);
        } finally {
          ctl.abort();
        }
      } else {
        await sleep(o.pollIntervalMs, signal);
        if (signal.aborted) return;
        try {
          app = await this.get(signal);
          lastGet = Date.now();
          recovered();
        } catch (err) {
          if (signal.aborted) return;
          if (!(err instanceof TransientError)) throw err;
          outage(err);
        }
        ob = await evaluate(app);
        yield ob;
        if (ob.verdict !== 'wait') return;
      }
    }
  }
}
