import { HealthEndpoint } from '@gitops-actions/sandbox';
import { InputError } from '../../src/errors.js';
import { HttpGate } from '../../src/health/index.js';
import { waitHealthy } from '../../src/verbs/wait-healthy.js';
import { capture } from './helpers.js';

describe('HTTP health gate', () => {
  let ep: HealthEndpoint;
  beforeEach(async () => {
    ep = await new HealthEndpoint().start();
  });
  afterEach(() => ep.stop());

  it('needs N consecutive 2xx answers; a failure resets the streak', async () => {
    ep.answer(200, 503, 200, 200);
    const out = capture();
    const res = await waitHealthy({ gate: { kind: 'http', url: ep.url, successes: 3, intervalMs: 50 }, timeoutMs: 5000, reporter: out.reporter });
    expect(res.healthy).toBe(true);
    expect(ep.hits).toBe(5);
    expect(res.sync).toBe('3/3 in a row');
    expect(out.infos().some((l) => /^\[\d+\.\ds\] Degraded \/ 0\/3 in a row$/.test(l))).toBe(true);
    expect(out.lines.join('\n')).not.toContain('No revision given');
  });

  it('times out naming the last state when /health stays down, then passes once flipped', async () => {
    ep.setHealthy(false);
    const res = await waitHealthy({ gate: { kind: 'http', url: ep.url, successes: 2, intervalMs: 100 }, timeoutMs: 600, reporter: capture().reporter });
    expect(res.outcome).toBe('timed-out');
    expect(res.reason).toMatch(/last state: Degraded \/ 0\/2 in a row — HTTP 503/);
    setTimeout(() => ep.setHealthy(true), 300);
    const ok = await waitHealthy({ gate: { kind: 'http', url: ep.url, successes: 2, intervalMs: 100 }, timeoutMs: 5000, reporter: capture().reporter });
    expect(ok.healthy).toBe(true);
  });

  it('counts a slow answer as a failure (per-request timeout) and masks URL credentials', async () => {
    ep.delayMs = 400;
    const out = capture();
    const url = ep.url.replace('http://', 'http://probe:Url-Secret-55555@');
    const res = await waitHealthy({ gate: { kind: 'http', url, successes: 1, intervalMs: 50, requestTimeoutMs: 100 }, timeoutMs: 700, reporter: out.reporter });
    expect(res.outcome).toBe('timed-out');
    expect(res.lastState?.health).toBe('Unreachable');
    expect(out.masked).toContain('Url-Secret-55555');
    expect(out.all() + res.reason).not.toContain('Url-Secret-55555');
    expect(() => new HttpGate({ url: 'ftp://x/health' })).toThrow(InputError);
  });
});
