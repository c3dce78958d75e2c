/**
 * `npm run demo -- --keep`: after the story, the sandbox stays up for a person to poke at with
 * git and curl — its URLs and ready-to-paste commands, tokens included (they open nothing but
 * this local sandbox, which is gone when the demo stops) — until Ctrl-C, then the demo cleans up.
 */
import { bold } from './demo-steps.js';

export const KEEP = process.argv.slice(2).includes('--keep');
export const READY_LINE = 'The sandbox stays up. Press Ctrl-C to stop it and remove';

export interface KeptService {
  name: string;
  url: string;
  /** Commands to paste, one a line. */
  commands: string[];
}

/** Print the services and wait for SIGINT or SIGTERM (the caller's `finally` cleans up). */
export async function keepOpen(services: KeptService[], root: string): Promise<void> {
  console.log(`\n${bold('The sandbox (--keep)')}`);
  for (const s of services) {
    console.log(`\n${s.name}: ${s.url}`);
    for (const c of s.commands) console.log(`  ${c}`);
  }
  console.log(`\n${READY_LINE} ${root}`);
  // `on`, not `once`: a second Ctrl-C while cleaning up must not kill the process halfway.
  await new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
  console.log('\nstopping the sandbox');
}
