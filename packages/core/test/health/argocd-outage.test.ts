import { rm } from 'node:fs/promises';
import { ArgoCdSimulator, commitFiles, createBareRepo, tempDir } from '@gitops-actions/sandbox';
import { waitHealthy } from '../../src/verbs/wait-healthy.js';
import { capture } from './helpers.js';

// The one slow test: a real 30 s API outage (15 s connection refused, then 15 s of 503) inside the timeout.
describe('Argo CD gate: 30 s outage', () => {
  it('rides out a 30 s outage and passes at our revision', async () => {
    const root = await tempDir();
    const FILE = 'overlays/dev/payments/values.yaml';
    const repo = await createBareRepo(root, 'acme/env', { [FILE]: 'image:\n  tag: v1.0.0\n' });
    const sim = await new ArgoCdSimulator({
      refreshDelayMs: 1000,
      syncDelayMs: 500,
      healthDelayMs: 500,
      apps: [{ name: 'payments-dev', repo, path: 'overlays/dev/payments' }],
    }).start();
    try {
      const sha = await commitFiles(repo, 'main', { [FILE]: 'image:\n  tag: v1.1.0\n' }, 'v1.1.0');
      const out = capture();
      setTimeout(() => sim.outage(15_000, 'refused'), 300);
      setTimeout(() => sim.outage(15_000, 'unavailable'), 15_300);
      const res = await waitHealthy({ gate: { kind: 'argocd', server: sim.url, app: 'payments-dev' }, revision: sha, timeoutMs: 50_000, pollIntervalMs: 2000, reporter: out.reporter });
      expect(res.healthy).toBe(true);
      expect(res.revision).toBe(sha);
      expect(res.elapsedMs).toBeGreaterThan(30_000);
      expect(res.elapsedMs).toBeLessThan(36_000);
      expect(out.lines.filter((l) => l.startsWith('warn: Argo CD unavailable'))).toHaveLength(1);
      expect(out.lines.some((l) => /warn: Argo CD reachable again after 3\d\.\ds/.test(l))).toBe(true);
      // Backoff is capped: not hammering the API while it is down.
      const during = sim.requests.filter((r) => r.at > Date.now() - res.elapsedMs + 15_300 && r.at < Date.now() - res.elapsedMs + 30_000);
      expect(during.length).toBeLessThan(20);
    } finally {
      await sim.stop();
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
