/**
 * The front door: `npm run demo` tells the whole story on the sandbox, start to end, through the
 * bundled CLI; `--keep` leaves the sandbox up for git and curl until Ctrl-C. The demo checks every
 * step's exit code and the final state itself (exit 1 otherwise); this test checks what it shows,
 * pokes at the kept sandbox with the commands it prints, and stops it. The two flavours run
 * side by side: each is one process at a time, and the machine has two cores.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cleanEnv, runProcess } from './support/faces.js';

const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const env = () => cleanEnv({ GITOPS_TEST_DIST: process.env.GITOPS_TEST_DIST });

/** Start the demo with --keep; resolve once it is waiting for Ctrl-C (or has exited). */
function startKept(): Promise<{ out: () => string; err: () => string; stop: () => Promise<number> }> {
  return new Promise((resolve, reject) => {
    // tsx's loader in this process, not its CLI: the CLI relays a signal and SIGKILLs the script when it
    // does not acknowledge within 30 ms, which a loaded machine misses (Ctrl-C in a terminal reaches both).
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--keep'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 200_000);
    const handle = {
      out: () => stdout,
      err: () => stderr,
      stop: async () => {
        child.kill('SIGINT');
        const code = await exited;
        clearTimeout(timer);
        return code;
      },
    };
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (/Press Ctrl-C.*\n/.test(stdout)) resolve(handle);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    void exited.then(() => resolve(handle));
  });
}

test.concurrent(
  'npm run demo -- --keep: tag → build-tag → dev → staging → prod, a bad release rolled back, production by retag, status; the sandbox stays up until Ctrl-C',
  async () => {
    const demo = await startKept();
    const line = (re: RegExp) => re.exec(demo.out());
    let code: number;
    const root = line(/Press Ctrl-C to stop it and remove (\S+)$/m)?.[1] ?? '';
    try {
      expect({ waiting: demo.out().includes('Press Ctrl-C'), err: demo.err().slice(-2000) }).toMatchObject({ waiting: true });
      expect(existsSync(root)).toBe(true);

      // The printed commands work: the registry with its token, git with the forge's, Argo CD with its own.
      const reg = line(/^ {2}curl -s -H "Authorization: Bearer (\S+)" (http:\/\/\S+\/v2\/acme\/payments\/tags\/list)$/m)!;
      const tags = (await (await fetch(reg[2], { headers: { authorization: `Bearer ${reg[1]}` } })).json()) as { tags: string[] };
      const rcTag = line(/^ {2}GITOPS_OUT_TAG=(v1\.3\.0-rc\.[0-9a-f]{7})$/m)![1];
      expect(tags.tags).toEqual(['production-latest', 'v1.2.3', 'v1.2.4-bad', 'v1.3.0', rcTag]);
      const clone = line(/^ {2}git clone (http:\/\/x-access-token:\S+@\S+\/acme\/gitops-env\.git)$/m)![1];
      const refs = await runProcess('git', ['ls-remote', clone, 'refs/heads/main'], { env: cleanEnv() });
      expect(refs.code).toBe(0);
      const main = refs.stdout.slice(0, 40);
      const argo = line(/^ {2}curl -s -H "Authorization: Bearer (\S+)" (\S+\/api\/v1\/applications\/payments-prod)$/m)!;
      const app = (await (await fetch(argo[2], { headers: { authorization: `Bearer ${argo[1]}` } })).json()) as {
        status: { health: { status: string }; sync: { revision: string } };
      };
      expect({ health: app.status.health.status, revision: app.status.sync.revision }).toEqual({ health: 'Healthy', revision: main });
    } finally {
      code = await demo.stop();
    }
    const out = demo.out();
    const err = demo.err();
    expect({ code, err: code ? err.slice(-2000) : '' }).toEqual({ code: 0, err: '' });
    expect(out.trimEnd().endsWith('stopping the sandbox')).toBe(true);
    expect(existsSync(root)).toBe(false);

    // build-tag's outputs, and the image CI pushed from the commit they name.
    expect(out).toMatch(/^ {2}GITOPS_OUT_TAG=v1\.2\.3\n {2}GITOPS_OUT_VERSION=1\.2\.3\n {2}GITOPS_OUT_SHA=([0-9a-f]{40})\n/m);
    const rc = /^ {2}GITOPS_OUT_TAG=(v1\.3\.0-rc\.([0-9a-f]{7}))\n {2}GITOPS_OUT_VERSION=1\.3\.0-rc\.\2\n {2}GITOPS_OUT_SHA=\2[0-9a-f]{33}\n/m.exec(out)!;
    expect(rc).not.toBeNull();
    const rcDigest = new RegExp(`^CI built the image from ${rc[2]} and pushed \\S+/acme/payments:${rc[1]} → (sha256:[0-9a-f]{64})$`, 'm').exec(out)![1];

    // v1.2.3 through the gates, with both PRs merged.
    expect(out).toMatch(/^PUT \/repos\/acme\/gitops-env\/pulls\/1\/merge → 200$/m);
    expect(out).toMatch(/^PUT \/repos\/acme\/gitops-env\/pulls\/2\/merge → 200$/m);
    expect(err).toMatch(/^error: refusing to promote payments to prod: staging runs v1\.2\.2, not v1\.2\.3/m);

    // The bad release: rolled back, dev Healthy at the rollback commit, the re-run a no-op, the tag refused.
    expect(out).toMatch(/rollback\(dev payments\) to v1\.2\.3\n[0-9a-f]{7} dev\(payments\): v1\.2\.4-bad/);
    const rollbackCommit = /^([0-9a-f]{7}) rollback\(dev payments\) to v1\.2\.3$/m.exec(out)![1];
    expect(out).toMatch(new RegExp(`^healthy: Healthy / Synced @ ${rollbackCommit}`, 'm'));
    expect(out).toMatch(/^rollback dev\(payments\): v1\.2\.3 → v1\.2\.3: unchanged$/m);
    expect(err).toMatch(/^error: refusing to promote payments v1\.2\.4-bad to dev: .*--force/m);

    // Production by retag: the exact image staging verified, under the version and production-latest.
    expect(err).toContain(`acme/payments:v1.3.0 → ${rcDigest} (created)`);
    expect(err).toContain(`acme/payments:production-latest → ${rcDigest} (created)`);
    expect(out).toMatch(/^#4 prod\(payments\): v1\.3\.0 \(promote-payments-v1\.3\.0-prod\) merged$/m);
    expect(out).toMatch(new RegExp(`^v1\\.3\\.0 +${rcDigest}$`, 'm'));

    // The closing status table: dev on the rc with v1.2.4-bad blocked; staging the rc; prod v1.3.0 by #4; all verified.
    const rcRe = rc[1].replace(/\./g, '\\.');
    expect(out).toMatch(new RegExp(`^payments +dev +${rcRe} +\\S+ \\S+ +[0-9a-f]{7} +verified \\S+ \\S+ +- +v1\\.2\\.4-bad \\(rolled back [0-9a-f]{7}`, 'm'));
    expect(out).toMatch(new RegExp(`^payments +staging +${rcRe} +.* \\(#3\\) +verified \\S+ \\S+ +- +-$`, 'm'));
    expect(out).toMatch(/^payments +prod +v1\.3\.0 +.* \(#4\) +verified \S+ \S+ +- +-$/m);
    expect(out).toContain('demo finished: every step behaved as expected');
    // Tokens are printed only for --keep, after the story.
    const story = out.slice(0, out.indexOf('The sandbox (--keep)')) + err;
    for (const secret of ['ghp_demoTOKEN', 'registry-demo-password', 'argocd-demo-token']) expect(story).not.toContain(secret);
  },
  240_000,
);

test.concurrent(
  'npm run demo -- --flux: a HelmRelease rolled back by Helm fails the gate at once and the env repo goes back to v1.2.3',
  async () => {
    const r = await runProcess(process.execPath, [TSX, 'scripts/demo.ts', '--flux'], { cwd: ROOT, env: env(), timeoutMs: 240_000 });
    expect({ code: r.code, err: r.code ? r.stderr.slice(-2000) : '' }).toEqual({ code: 0, err: '' });
    const re =
      /^error: upgrade to 0\.1\.0\+([0-9a-f]{12}) failed \(context deadline exceeded\); Helm rolled back to 0\.1\.0\+([0-9a-f]{12}); helm-controller will retry \(3 of 3 retries left\); rolled back to v1\.2\.3$/m;
    expect(r.stderr).toMatch(re);
    const failed = re.exec(r.stderr);
    expect(r.stdout).toMatch(new RegExp(`^${failed![1].slice(0, 7)} dev\\(payments\\): v1\\.2\\.4-bad$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${failed![2].slice(0, 7)} gitops/payments/dev: success`, 'm'));
    expect(r.stdout).toMatch(/^[0-9a-f]{7} rollback\(dev payments\) to v1\.2\.3$/m);
    // The flaky tag passed with --flux-retries wait once its retry was released.
    const rc = /^([0-9a-f]{7}) dev\(payments\): v1\.2\.5-rc\.1$/m.exec(r.stdout);
    expect(rc).not.toBeNull();
    expect(r.stdout).toMatch(new RegExp(`^${rc![1]} gitops/payments/dev: success healthy: Ready at ${rc![1]}: Helm upgrade succeeded`, 'm'));
    expect(r.stdout.trimEnd().endsWith('demo finished: every step behaved as expected')).toBe(true);
  },
  240_000,
);
