// `prepare` (npm ci / npm install in this checkout; never run for consumers of the published package):
// npm links both node@24 and the node20 alias (npm:node@20, for test/node20.test.ts) to
// node_modules/.bin/node, whichever comes last. `npm test` and `npm run` must get Node 24.
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'node_modules/.bin/node');
if (existsSync(join(root, 'node_modules/node/bin/node'))) {
  rmSync(bin, { force: true });
  symlinkSync('../node/bin/node', bin);
}
