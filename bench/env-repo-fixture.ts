/**
 * Env repos of a chosen size for benchmarks, generated with `git fast-import` (seconds, not
 * minutes, for 20,000 commits). Every commit rewrites one of many "history" files with
 * incompressible bytes so the pack really weighs what it says. Cached under bench/.work/.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { envRepoFiles, git } from '@gitops-actions/sandbox';

export interface FixtureSpec {
  name: string;
  commits: number;
  /** Bytes of incompressible content added per commit. */
  bytesPerCommit: number;
  /** Number of other directories (apps) next to the one promoted. */
  dirs: number;
  /** Size of each of those apps' values files (default: about 25 bytes). */
  valuesBytes?: number;
}

export async function envRepoFixture(root: string, spec: FixtureSpec): Promise<string> {
  const bare = join(root, `${spec.name}.git`);
  if (existsSync(join(bare, 'refs/heads/main')) || existsSync(join(bare, 'packed-refs'))) return bare;
  await mkdir(root, { recursive: true });
  await git(root, ['init', '--bare', '--initial-branch', 'main', bare]);
  await git(bare, ['config', 'uploadpack.allowFilter', 'true']);
  await git(bare, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  await git(bare, ['config', 'http.receivepack', 'true']);

  const child = spawn('git', ['fast-import', '--quiet'], { cwd: bare, stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => child.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`fast-import ${c}`)))));
  const out = child.stdin;
  const write = (s: string | Buffer) => new Promise<void>((r) => (out.write(s) ? r() : out.once('drain', () => r())));
  const data = async (content: string | Buffer) => {
    const buf = typeof content === 'string' ? Buffer.from(content) : content;
    await write(`data ${buf.length}\n`);
    await write(buf);
    await write('\n');
  };
  let t = 1_600_000_000;
  for (let i = 0; i < spec.commits; i++) {
    await write(`commit refs/heads/main\ncommitter bench <bench@example.invalid> ${t++} +0000\n`);
    await data(i === 0 ? 'initial' : `change ${i}`);
    if (i === 0) {
      for (const [path, content] of Object.entries(envRepoFiles())) {
        await write(`M 100644 inline ${path}\n`);
        await data(content);
      }
      for (let d = 0; d < spec.dirs; d++) {
        await write(`M 100644 inline apps/app${d}/values.yaml\n`);
        const values = `image:\n  tag: v0.0.${d}\n`;
        await data(spec.valuesBytes ? values + `# ${'x'.repeat(spec.valuesBytes)}`.slice(0, spec.valuesBytes - values.length - 1) + '\n' : values);
      }
    }
    await write(`M 100644 inline history/h${i % 500}/blob.bin\n`);
    await data(randomBytes(spec.bytesPerCommit));
  }
  out.end();
  await done;
  await git(bare, ['repack', '-a', '-d', '-q']);
  return bare;
}
