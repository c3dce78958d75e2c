/** One numbered demo step: print the command, run the bundled CLI, check its exit code. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The bundled CLI: dist/, or a private build (GITOPS_TEST_DIST) while dist/ is being rebuilt. */
export const CLI = join(process.env.GITOPS_TEST_DIST ?? join(ROOT, 'dist'), 'cli/index.js');
export const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

export function stepRunner(env: NodeJS.ProcessEnv): {
  run: (title: string, args: string[], expectCode?: number) => Promise<void>;
  heading: (title: string) => void;
} {
  let step = 0;
  return {
    heading: (title) => console.log(`\n${bold(`${++step}. ${title}`)}`),
    async run(title, args, expectCode = 0) {
      console.log(`\n${bold(`${++step}. ${title}`)}\n$ gitops-actions ${args.join(' ')}`);
      const code = await new Promise<number>((resolve) => {
        spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] }).on('close', (c) => resolve(c ?? 1));
      });
      if (code !== expectCode) throw new Error(`step ${step} exited ${code}, expected ${expectCode}`);
    },
  };
}
