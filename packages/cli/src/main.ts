#!/usr/bin/env node
import { SIGNAL_EXIT_CODES, installSignalHandlers } from '@gitops-actions/core/interface';
import { main } from './program.js';

// Interrupted (Ctrl-C, a cancelled CI job): kill git, remove the temporary repo, exit 128+n.
installSignalHandlers((signal) => {
  process.stderr.write(`error: interrupted by ${signal}; stopping git and removing temporary files\n`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: `interrupted by ${signal}`, exitCode: SIGNAL_EXIT_CODES[signal] })}\n`);
});

await main(process.argv);
