/** The `gitops-actions` command line: one subcommand per verb (DESIGN.md "Contracts"). */
import { InputError, exitCodeOf, messageOf, parseBoolean } from '@gitops-actions/core';
import { Command, CommanderError } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import { promoteCommand } from './commands/promote.js';
import { rollbackCommand } from './commands/rollback.js';
import { waitHealthyCommand } from './commands/wait-healthy.js';
import { buildTagCommand } from './commands/build-tag.js';
import { retagCommand } from './commands/retag.js';

export function buildProgram(): Command {
  const program = new Command('gitops-actions')
    .description('GitOps promotion building blocks: promote, wait-healthy, rollback')
    .version(pkg.version)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`error: ${str.replace(/^error: /, '').trim()}\n`) });
  program.addCommand(promoteCommand());
  program.addCommand(waitHealthyCommand());
  program.addCommand(rollbackCommand());
  program.addCommand(buildTagCommand());
  program.addCommand(retagCommand());
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput(program.configureOutput());
    for (const opt of cmd.options) if (opt.long && opt.long !== '--help') opt.envVar = envName(opt.long); // shown in --help
  }
  return program;
}

/** `--env-repo` → `GITOPS_ENV_REPO` */
export function envName(long: string): string {
  return `GITOPS_${long.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
}

/**
 * Every flag can also come from GITOPS_<FLAG> (the GitLab templates pass inputs this way, so
 * no input value is ever pasted into a shell line). Flags on the command line win. An empty
 * value means not given (a template input left at its default ""); a blank one is an error,
 * as is a boolean that is not true/false/1/0/yes/no/on/off (any case). Done on argv so
 * commander validates values from both places alike.
 */
export function withEnvFlags(program: Command, argv: string[], env: NodeJS.ProcessEnv): string[] {
  const cmd = program.commands.find((c) => c.name() === argv[2]);
  if (!cmd) return argv;
  const extra: string[] = [];
  for (const opt of cmd.options) {
    if (!opt.long || opt.long === '--help' || opt.long === '--version') continue;
    const name = envName(opt.long);
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (argv.some((a) => a === opt.long || a.startsWith(`${opt.long}=`))) continue;
    if (value.trim() === '') throw new InputError(`${name} is blank`, `unset it, or give it a value`);
    if (opt.required || opt.optional) extra.push(`${opt.long}=${value}`);
    else if (parseBoolean(value, name)) extra.push(opt.long);
  }
  return [...argv, ...extra];
}

/** Parse and run; flag errors exit 2 as the contract says (commander would use 1). */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(withEnvFlags(program, argv, process.env));
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      // --json promises one object on stdout, for a flag commander refused too.
      if (err.exitCode !== 0 && argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: err.message.replace(/^error: /, ''), exitCode: 2 })}\n`);
      return;
    }
    // Before any verb ran (a GITOPS_* value): one line, and the --json error object.
    const code = exitCodeOf(err);
    process.stderr.write(`error: ${messageOf(err).split('\n')[0]}\n`);
    if (process.env.GITOPS_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: messageOf(err), exitCode: code })}\n`);
    process.exitCode = code;
  }
}
