/**
 * HTTP health gate: a URL (e.g. the app's `/health`) that must answer 2xx `successes` times in a
 * row, `intervalMs` apart; each request gives up after `requestTimeoutMs`. Any non-2xx or network
 * error resets the streak; the verb's timeout decides when to give up.
 */
import { pollPeriod } from '../duration.js';
import { InputError } from '../errors.js';
import { urlForMessage } from '../redaction.js';
import { sleep } from '../retry.js';
import { createDispatcher, send } from './transport.js';
import type { GateObservation, GateState, HealthGate, ObserveOptions } from './types.js';
import type { Dispatcher } from 'undici';

export interface HttpGateOptions {
  url: string;
  /** Consecutive 2xx answers required. Default 3. */
  successes?: number;
  /** Pause between requests. Default: the verb's poll interval. */
  intervalMs?: number;
  /** Per-request timeout. Default 5 s. */
  requestTimeoutMs?: number;
  insecure?: boolean;
  /** Extra request headers (e.g. Authorization); their values are masked. */
  headers?: Record<string, string>;
}

export class HttpGate implements HealthGate {
  readonly kind = 'http' as const;
  readonly target: string;
  readonly targetUrl: string;
  readonly secrets: readonly string[];
  requestCount = 0;
  private readonly dispatcher: Dispatcher;
  private readonly url: string;

  constructor(private readonly opts: HttpGateOptions) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new InputError(`health URL is not a URL: ${urlForMessage(opts.url)}`, 'use http(s)://host/health');
    }
    if (!/^https?:$/.test(u.protocol)) throw new InputError(`health URL must be http or https: ${urlForMessage(opts.url)}`);
    const secrets: string[] = Object.values(opts.headers ?? {});
    if (u.password) secrets.push(decodeURIComponent(u.password));
    this.secrets = secrets;
    this.url = u.toString();
    this.target = `HTTP ${urlForMessage(this.url)}`;
    this.targetUrl = urlForMessage(this.url);
    this.dispatcher = createDispatcher({ insecure: opts.insecure });
    if ((opts.successes ?? 3) < 1) throw new InputError('successes must be at least 1');
  }

  async *observe(o: ObserveOptions): AsyncGenerator<GateObservation> {
    const need = this.opts.successes ?? 3;
    const interval = pollPeriod(this.opts.intervalMs ?? o.pollIntervalMs, 5000);
    let streak = 0;
    for (let first = true; !o.signal.aborted; first = false) {
      if (!first) await sleep(interval, o.signal);
      if (o.signal.aborted) return;
      let health: string;
      let message: string | undefined;
      this.requestCount++;
      try {
        const u = new URL(this.url);
        const headers: Record<string, string> = { ...this.opts.headers };
        if (u.username || u.password) {
          headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
          u.username = '';
          u.password = '';
        }
        const res = await send(u.toString(), {
          signal: o.signal,
          dispatcher: this.dispatcher,
          headers,
          timeoutMs: this.opts.requestTimeoutMs ?? 5000,
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 200 && res.status < 300) {
          streak++;
          health = 'Healthy';
        } else {
          streak = 0;
          health = 'Degraded';
          message = `HTTP ${res.status}`;
        }
        message = message ?? `HTTP ${res.status}`;
      } catch (err) {
        if (o.signal.aborted) return;
        streak = 0;
        health = 'Unreachable';
        message = err instanceof Error ? err.message : String(err);
      }
      const state: GateState = { health, sync: `${streak}/${need} in a row`, resources: [], message };
      if (streak >= need) {
        yield { state, verdict: 'pass', reason: `${need} consecutive 2xx answers from ${this.targetUrl}` };
        return;
      }
      yield { state, verdict: 'wait', reason: `waiting for ${need} consecutive 2xx answers (${streak} so far; last ${message})` };
    }
  }
}
