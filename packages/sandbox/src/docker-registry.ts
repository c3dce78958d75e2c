/**
 * The real distribution registry (Debian's `docker-registry`, upstream `registry`) started on a
 * free loopback port with a temporary storage root and config, for retag tests and benchmarks.
 * Auth: none, htpasswd (bcrypt, Basic) or token (see registry-token.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type DockerRegistryAuth = { htpasswd: string } | { token: { realm: string; service: string; issuer: string; rootCertBundle: string } };

export interface DockerRegistry {
  /** host:port on 127.0.0.1 */
  host: string;
  url: string;
  root: string;
  stop(): Promise<void>;
}

/** The registry binary on PATH, or null. */
export function dockerRegistryBinary(): string | null {
  for (const name of ['docker-registry', 'registry']) {
    const r = spawnSync(name, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    if (r.status === 0) return name;
  }
  return null;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function startDockerRegistry(opts: { auth?: DockerRegistryAuth } = {}): Promise<DockerRegistry> {
  const bin = dockerRegistryBinary();
  if (!bin) throw new Error('docker-registry is not installed (apt-get install docker-registry)');
  const root = await mkdtemp(join(tmpdir(), 'docker-registry-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const auth =
      opts.auth && 'htpasswd' in opts.auth
        ? { htpasswd: { realm: 'sandbox-basic', path: join(root, 'htpasswd') } }
        : opts.auth && 'token' in opts.auth
          ? {
              token: {
                realm: opts.auth.token.realm,
                service: opts.auth.token.service,
                issuer: opts.auth.token.issuer,
                rootcertbundle: opts.auth.token.rootCertBundle,
              },
            }
          : undefined;
    if (opts.auth && 'htpasswd' in opts.auth) await writeFile(join(root, 'htpasswd'), opts.auth.htpasswd);
    // JSON is YAML: the registry reads it as its config file.
    const config = {
      version: '0.1',
      log: { level: 'error', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: join(root, 'data') }, delete: { enabled: true }, maintenance: { uploadpurging: { enabled: false } } },
      http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString('hex') },
      ...(auth ? { auth } : {}),
    };
    const configPath = join(root, 'config.yml');
    await writeFile(configPath, JSON.stringify(config));
    // REGISTRY_* variables would override the config (and REGISTRY_PASSWORD is a test input).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
    const child = spawn(bin, ['serve', configPath], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const url = `http://127.0.0.1:${port}`;
    if (await ready(url, child)) {
      return {
        host: `127.0.0.1:${port}`,
        url,
        root,
        async stop() {
          await stopChild(child);
          await rm(root, { recursive: true, force: true });
        },
      };
    }
    await stopChild(child);
    if (attempt >= 2) {
      await rm(root, { recursive: true, force: true });
      throw new Error(`docker-registry did not start: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
    }
  }
}

async function ready(url: string, child: ChildProcess): Promise<boolean> {
  const until = Date.now() + 15_000;
  while (Date.now() < until && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
