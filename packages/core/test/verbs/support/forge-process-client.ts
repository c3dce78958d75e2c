/** Start forge-process.ts and talk to it (see there). */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface, type Interface } from 'node:readline';

export interface ForgeProcess {
  url: string;
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

export async function startForgeProcess(root: string, token: string): Promise<ForgeProcess> {
  const child: ChildProcess = spawn(`${ROOT}node_modules/.bin/tsx`, [fileURLToPath(new URL('./forge-process.ts', import.meta.url)), root, token], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const iter = lines[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await iter.next();
    if (r.done) throw new Error('the forge process ended');
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  const { url } = (await next()) as { url: string };
  return {
    url,
    async requests() {
      child.stdin!.write('requests\n');
      return (await next()).requests as string[];
    },
    async stop() {
      child.stdin!.end('stop\n');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
