/**
 * Numbered demo steps: print the command, run it (the bundled CLI, or git), check its exit code,
 * and `check` the state a step should have left, so the demo fails when any step misbehaves.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The bundled CLI: dist/, or a private build (GITOPS_TEST_DIST) while dist/ is being rebuilt. */
export const CLI = join(process.env.GITOPS_TEST_DIST ?? join(ROOT, 'dist'), 'cli/index.js');
export const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

/** Throw (the demo exits 1) unless `ok`: the final-state checks. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`demo check failed: ${what}`);
}

/** Run a program with an argument array; stdout is shown and returned, stderr shown. */
function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      process.stdout.write(c);
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? 1, stdout }));
  });
}

/** `env` is the CLI's (CI variables, tokens); `gitEnv` the developer's git in the app checkout. */
export function stepRunner(env: NodeJS.ProcessEnv, gitEnv: NodeJS.ProcessEnv = env) {
  let step = 0;
  const title = (t: string) => console.log(`\n${bold(`${++step}. ${t}`)}`);
  const expect = (code: number, expected: number) => {
    if (code !== expected) throw new Error(`step ${step} exited ${code}, expected ${expected}`);
  };
  return {
    heading: title,
    /** The bundled CLI; returns its stdout. */
    async run(t: string, args: string[], expectCode = 0): Promise<string> {
      title(t);
      console.log(`$ gitops-actions ${args.join(' ')}`);
      const r = await exec(process.execPath, [CLI, ...args], env);
      expect(r.code, expectCode);
      return r.stdout;
    },
    /** git in a checkout (the app repository), shown as a developer would type it. */
    async git(cwd: string, ...commands: string[][]): Promise<void> {
      for (const args of commands) {
        console.log(`$ git ${args.join(' ')}`);
        const r = await exec('git', args, gitEnv, cwd);
        expect(r.code, 0);
      }
    },
  };
}
