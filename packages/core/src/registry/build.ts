/**
 * Optional build and push with whatever builder the runner has: docker buildx, else buildah, else
 * podman. A thin wrapper (the tagging is the product): argument arrays, no shell; the pushed
 * digest comes from the builder's own record (buildx --metadata-file, buildah/podman --digestfile).
 * Registry login is the builder's own (docker login / docker/login-action / buildah login).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, OperationError } from '../errors.js';
import { type Reporter, silentReporter } from '../report.js';
import { isDigest } from './reference.js';

export const BUILDERS = ['buildx', 'buildah', 'podman'] as const;
export type Builder = (typeof BUILDERS)[number];

export interface BuildInput {
  /** Build context directory. */
  context: string;
  /** Dockerfile / Containerfile (default: the builder's, in the context). */
  file?: string;
  /** Full references to tag and push (build-tag's `tags`). */
  tags: string[];
  labels?: Record<string, string>;
  /** metadata-action style `manifest:key=value` (the level prefix is dropped). */
  annotations?: string[];
  builder?: Builder | 'auto';
  /** Push over http / without TLS verification (local registries). */
  plainHttp?: boolean;
  reporter?: Reporter;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface BuildResult {
  builder: Builder;
  digest: string;
  tags: string[];
}

const BUILD_TIMEOUT_MS = 60 * 60_000;
const MAX_LOG_BYTES = 64 * 1024;

interface Ran {
  code: number;
  tail: string;
}

/** Run a builder; its output streams to the reporter line by line, the last part kept for errors. */
function runTool(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; reporter: Reporter; timeoutMs: number }): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeoutMs });
    let tail = '';
    const onData = (c: Buffer) => {
      const text = c.toString('utf8');
      tail = (tail + text).slice(-MAX_LOG_BYTES);
      for (const line of text.split('\n')) if (line.trim()) opts.reporter.debug(`${cmd}: ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => resolve({ code: 127, tail: e.message }));
    child.on('close', (code) => resolve({ code: code ?? 128, tail }));
  });
}

export async function detectBuilder(env?: NodeJS.ProcessEnv): Promise<Builder | null> {
  const probe = (cmd: string, args: string[]) => runTool(cmd, args, { env, reporter: silentReporter, timeoutMs: 15_000 }).then((r) => r.code === 0);
  if (await probe('docker', ['buildx', 'version'])) return 'buildx';
  if (await probe('buildah', ['--version'])) return 'buildah';
  if (await probe('podman', ['--version'])) return 'podman';
  return null;
}

function annotationArgs(annotations: string[] | undefined): string[] {
  return (annotations ?? []).flatMap((a) => ['--annotation', a.replace(/^(manifest|index|manifest-descriptor|index-descriptor):/, '')]);
}

export async function buildAndPush(input: BuildInput): Promise<BuildResult> {
  const reporter = input.reporter ?? silentReporter;
  if (input.tags.length === 0 || input.tags.some((t) => !t.includes(':') || t.startsWith('-'))) {
    throw new InputError('--push needs full image references', 'pass --image registry/repository so the tags name where to push');
  }
  const builder: Builder | null = input.builder && input.builder !== 'auto' ? input.builder : await detectBuilder(input.env);
  if (!builder)
    throw new OperationError(
      'no image builder found (docker buildx, buildah or podman)',
      'install one, or build with docker/build-push-action using the tags output',
    );
  const timeoutMs = input.timeoutMs ?? BUILD_TIMEOUT_MS;
  const labels = Object.entries(input.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  const tags = input.tags.flatMap((t) => ['--tag', t]);
  const file = input.file ? ['--file', input.file] : [];
  const dir = await mkdtemp(join(tmpdir(), 'gitops-build-'));
  try {
    const step = async (cmd: string, args: string[], what: string) => {
      const r = await reporter.group(`${what}: ${cmd} ${args.slice(0, 2).join(' ')}…`, () => runTool(cmd, args, { env: input.env, reporter, timeoutMs }));
      if (r.code !== 0) {
        const last = r.tail.trim().split('\n').filter(Boolean).pop() ?? 'no output';
        throw new OperationError(`${what} with ${builder} failed (exit ${r.code}): ${last.slice(0, 300)}`);
      }
    };
    let digest: string;
    if (builder === 'buildx') {
      const metadata = join(dir, 'metadata.json');
      const output = input.plainHttp ? ['--output', 'type=image,push=true,registry.insecure=true'] : ['--push'];
      await step(
        'docker',
        ['buildx', 'build', ...file, ...tags, ...labels, ...annotationArgs(input.annotations), ...output, '--metadata-file', metadata, '--', input.context],
        'build and push',
      );
      digest = (JSON.parse(await readFile(metadata, 'utf8')) as Record<string, string>)['containerimage.digest'] ?? '';
    } else {
      const cmd = builder;
      await step(cmd, ['build', ...file, ...tags, ...labels, ...annotationArgs(input.annotations), '--', input.context], 'build');
      digest = '';
      for (const [i, t] of input.tags.entries()) {
        const digestFile = join(dir, `digest-${i}`);
        await step(cmd, ['push', '--digestfile', digestFile, ...(input.plainHttp ? ['--tls-verify=false'] : []), '--', t, `docker://${t}`], `push ${t}`);
        const d = (await readFile(digestFile, 'utf8')).trim();
        if (digest && d !== digest)
          throw new OperationError(`${cmd} pushed ${t} as ${d}, but the first tag as ${digest}`, 'retag by digest instead of pushing twice');
        digest = d;
      }
    }
    if (!isDigest(digest)) throw new OperationError(`${builder} did not report the pushed digest`);
    reporter.info(`pushed ${input.tags.join(', ')} → ${digest} (${builder})`);
    return { builder, digest, tags: input.tags };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
