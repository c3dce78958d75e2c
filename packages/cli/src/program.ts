/** The `gitops-actions` command line: one subcommand per verb (DESIGN.md "Contracts"). */
import { Command, CommanderError } from 'commander';
import { promoteCommand } from './commands/promote.js';

export function buildProgram(): Command {
  const program = new Command('gitops-actions')
    .description('GitOps promotion building blocks: promote, wait-healthy, rollback')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`error: ${str.replace(/^error: /, '').trim()}\n`) });
  program.addCommand(promoteCommand());
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Parse and run; flag errors exit 2 as the contract says (commander would use 1). */
export async function main(argv: string[]): Promise<void> {
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
