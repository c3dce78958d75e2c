/**
 * retag next to `skopeo copy` between the same tags of the same image on the same registry (the
 * real Debian docker-registry on loopback), in the same run. Bytes are counted on the wire by a
 * TCP proxy in front of the registry (both directions, headers included), so both tools are
 * measured the same way. Target: manifest bytes only, and ≥ 2× faster than skopeo.
 * Prints a markdown section for BENCHMARKS.md.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { retag } from '@gitops-actions/core';
import { dockerRegistryBinary, startDockerRegistry } from '@gitops-actions/sandbox';
import { adminClient, pushImage, pushIndex } from '../packages/core/test/registry/images.js';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(process.env.GITOPS_TEST_DIST ?? join(ROOT, 'dist'), 'cli/index.js');

/** A loopback TCP proxy counting every byte both ways. */
async function countingProxy(target: number): Promise<{ port: number; bytes: () => number; reset: () => void; close: () => Promise<void> }> {
  let total = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => (total += d.length));
    upstream.on('data', (d: Buffer) => (total += d.length));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    bytes: () => total,
    reset: () => (total = 0),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const missing = ['skopeo'].filter((b) => spawnSync(b, ['--version'], { stdio: 'ignore' }).status !== 0);
if (dockerRegistryBinary() === null) missing.push('docker-registry');
if (missing.length) {
  console.log(`## retag vs skopeo copy\n\nNot measured: ${missing.join(' and ')} not installed (apt-get install docker-registry skopeo).\n`);
  process.exit(0);
}
const reg = await startDockerRegistry();
const proxy = await countingProxy(Number(reg.host.split(':')[1]));
const host = `127.0.0.1:${proxy.port}`;
const admin = adminClient(reg.host, ['acme/app']);
const LAYER_MB = 8;
process.stderr.write(`pushing images (3 × ${LAYER_MB} MB layers; 2-platform index)…\n`);
const single = await pushImage(admin, 'acme/app', 'src-single', { layers: 3, layerBytes: LAYER_MB * 1024 * 1024 });
const multi = await pushIndex(admin, 'acme/app', 'src-multi');
const cliAvailable =
  existsSync(CLI) &&
  (await run(process.execPath, [CLI, 'retag', '--help']).then(
    () => true,
    () => false,
  ));

interface Row {
  image: string;
  tool: string;
  ms: number;
  bytes: number;
  digestKept: string;
}
const rows: Row[] = [];
let n = 0;

async function digestOf(tag: string): Promise<string | null> {
  const res = await fetch(`${reg.url}/v2/acme/app/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept:
        'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  return res.headers.get('docker-content-digest');
}

type Tool = [name: string, fn: (to: string) => Promise<unknown>];

/** Runs interleaved (tool A, B, C, A, B, C…) so load from other processes hits every tool alike. */
async function measure(image: string, digest: string | null, tools: Tool[]): Promise<void> {
  const times = tools.map(() => [] as number[]);
  const bytes = tools.map(() => [] as number[]);
  const kept = tools.map(() => 0);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, [, fn]] of tools.entries()) {
      const to = `t${++n}`;
      proxy.reset();
      times[k].push(await timeIt(() => fn(to)));
      bytes[k].push(proxy.bytes());
      if (digest && (await digestOf(to)) === digest) kept[k]++;
    }
  }
  for (const [k, [tool]] of tools.entries()) {
    rows.push({ image, tool, ms: median(times[k]), bytes: median(bytes[k]), digestKept: digest ? (kept[k] === RUNS ? 'yes' : `**${kept[k]}/${RUNS}**`) : '–' });
    process.stderr.write(`${image} ${tool}: ${median(times[k]).toFixed(0)} ms, ${median(bytes[k])} B\n`);
  }
}

const noEnv = { PATH: process.env.PATH, HOME: '/nonexistent', REGISTRY_AUTH_FILE: '/nonexistent/auth.json' };
for (const [image, src, digest, all] of [
  [`single-platform (3 × ${LAYER_MB} MB layers, manifest ${single.bytes.byteLength} B)`, 'src-single', single.digest, false],
  [`2-platform index (index ${multi.index.bytes.byteLength} B)`, 'src-multi', multi.index.digest, true],
] as const) {
  const tools: Tool[] = [
    ['retag (in-process)', (to) => retag({ image: `${host}/acme/app`, from: src, to: [to], plainHttp: true, env: { HOME: '/nonexistent' } })],
  ];
  if (cliAvailable) {
    tools.push([
      'gitops-actions retag (CLI process)',
      (to) => run(process.execPath, [CLI, 'retag', '--image', `${host}/acme/app`, '--from', src, '--to', to, '--plain-http'], { env: noEnv }),
    ]);
  }
  tools.push([
    `skopeo copy${all ? ' --all' : ''}`,
    (to) =>
      run(
        'skopeo',
        [
          'copy',
          '--quiet',
          ...(all ? ['--all'] : []),
          '--src-tls-verify=false',
          '--dest-tls-verify=false',
          `docker://${host}/acme/app:${src}`,
          `docker://${host}/acme/app:${to}`,
        ],
        { env: noEnv },
      ),
  ]);
  await measure(image, digest, tools);
}
// Process start-up alone, for reading the rows above.
const startup: Tool[] = [['skopeo --version', () => run('skopeo', ['--version'], { env: noEnv })]];
if (cliAvailable)
  startup.unshift(
    ['gitops-actions --version', () => run(process.execPath, [CLI, '--version'], { env: noEnv })],
    ['node -e 0', () => run(process.execPath, ['-e', '0'], { env: noEnv })],
  );
await measure('process start-up only', null, startup);
await proxy.close();
await reg.stop();

const { stdout: skopeoVersion } = await run('skopeo', ['--version']);
const fmt = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} kB`);
const lines = rows.map((r) => `| ${r.image} | ${r.tool} | ${r.ms.toFixed(0)} ms | ${r.image.startsWith('process') ? '–' : fmt(r.bytes)} | ${r.digestKept} |`);
const ratios = [...new Set(rows.map((r) => r.image))]
  .filter((i) => !i.startsWith('process'))
  .flatMap((image) => {
    const skopeo = rows.find((r) => r.image === image && r.tool.startsWith('skopeo'))!;
    return rows
      .filter((r) => r.image === image && !r.tool.startsWith('skopeo'))
      .map(
        (ours) =>
          `- ${image.split(' (')[0]}, ${ours.tool}: skopeo / ours = **${(skopeo.ms / ours.ms).toFixed(1)}×**; bytes ${(skopeo.bytes / ours.bytes).toFixed(1)}× fewer`,
      );
  });
const { stdout: load } = await run('cat', ['/proc/loadavg']);
function startupNote(): string {
  const ms = (image: string, tool: string) => rows.find((r) => r.image.startsWith(image) && r.tool.startsWith(tool))?.ms;
  const cli = ms('process', 'gitops-actions');
  const node = ms('process', 'node');
  const copy = ms('single', 'skopeo');
  if (cli === undefined || node === undefined || copy === undefined || cli - node < copy) return '';
  return `The CLI process row is dominated by loading the bundled CLI (${(cli - node).toFixed(0)} ms = "--version" minus
"node -e 0"), more than skopeo's whole copy (${copy.toFixed(0)} ms); the retag work is the in-process row.`;
}
console.log(`## retag vs skopeo copy

The same image retagged on the same registry (Debian \`docker-registry\` 2.8, loopback, no auth),
median of ${RUNS} runs per row, each to a new tag. Bytes = everything on the wire (a TCP proxy in
front of the registry counts both directions, HTTP headers included). Tools interleaved run by
run. ${skopeoVersion.trim()}. Load average at the end: ${load.split(' ').slice(0, 3).join(' ')} (shared machine).
"CLI process" includes Node start-up of the bundled CLI, as skopeo's row includes its own.

| image | tool | time | bytes on the wire | digest kept |
|---|---|---|---|---|
${lines.join('\n')}

${ratios.join('\n')}

Target: ≥ 2× faster than skopeo. retag transfers the manifest (index: the index only, same
repository) and never a layer; skopeo reads the manifest and configs and asks for every blob.
${startupNote()}
`);
