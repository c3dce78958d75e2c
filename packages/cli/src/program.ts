/**
 * The `gitops-actions` command line: one subcommand per verb, built from the verb's interface
 * spec (DESIGN.md "Contracts"). Only the specs load at start; a verb's code loads when it runs.
 */
import { VERBS, exitCodeOf, messageOf } from '@gitops-actions/core/interface';
import { Command, CommanderError } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import { runCommand } from './run.js';
import { specCommand } from './spec-command.js';

export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('gitops-actions')
    .description('GitOps promotion building blocks: build-tag, promote, wait-healthy, rollback, retag')
    .version(pkg.version)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`error: ${str.replace(/^error: /, '').trim()}\n`) });
  for (const spec of VERBS) {
    const cmd = specCommand(spec, (values) => runCommand(spec, values, env), env);
    cmd.exitOverride().configureOutput(program.configureOutput());
    program.addCommand(cmd);
  }
  return program;
}

/** Parse and run; flag errors exit 2 as the contract says (commander would use 1). */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const code = exitCodeOf(err);
    process.stderr.write(`error: ${messageOf(err).split('\n')[0]}\n`);
    if (process.env.GITOPS_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: messageOf(err), exitCode: code })}\n`);
    process.exitCode = code;
  }
}
