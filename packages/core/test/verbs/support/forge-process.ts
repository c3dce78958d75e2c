/**
 * The sandbox forge in a process of its own, as a real forge is: clients under test then never
 * share an event loop with the server. Run with tsx: `forge-process.ts <root> <token>`; prints
 * `{"url": …}`, then answers `requests` on stdin with the request log (one JSON line) and
 * `stop` by stopping.
 */
import { createInterface } from 'node:readline';
import { startForge } from '@gitops-actions/sandbox';

const [root, token] = process.argv.slice(2);
const forge = await startForge({ root: root, tokens: [token] });
process.stdout.write(`${JSON.stringify({ url: forge.url })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'requests') process.stdout.write(`${JSON.stringify({ requests: forge.requests })}\n`);
  if (line === 'stop') break;
}
await forge.stop();
