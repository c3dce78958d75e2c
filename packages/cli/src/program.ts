/** The `gitops-actions` command line: one subcommand per verb (DESIGN.md "Contracts"). */
import { Command, CommanderError } from 'commander';
import { promoteCommand } from './commands/promote.js';
import { rollbackCommand } from './commands/rollback.js';

export function buildProgram(): Command {
  const program = new Command('gitops-actions')
    .description('GitOps promotion building blocks: promote, wait-healthy, rollback')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`error: ${str.replace(/^error: /, '').trim()}\n`) });
  program.addCommand(promoteCommand());
  program.addCommand(rollbackCommand());
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput(program.configureOutput());
    // Every flag can also come from GITOPS_<FLAG> (GitLab templates pass inputs this way, so no
    // input value is ever pasted into a shell command line).
    for (const opt of cmd.options) if (opt.long && opt.long !== '--help') opt.env(envName(opt.long));
  }
  return program;
}

/** `--env-repo` → `GITOPS_ENV_REPO` */
export function envName(long: string): string {
  return `GITOPS_${long.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
}

/** Unset GITOPS_* flag variables that are empty or "false": an unset input means no flag. */
function dropEmptyFlagEnv(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('GITOPS_') && (value === '' || value === 'false')) delete env[name];
  }
}

/** Parse and run; flag errors exit 2 as the contract says (commander would use 1). */
export async function main(argv: string[]): Promise<void> {
  dropEmptyFlagEnv(process.env);
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    throw err;
  }
}
