/**
 * The one bundle behind every face. `dist/<name>/index.js` is a two-line stub that calls
 * `start(name)`; each face (and so each heavy dependency it pulls in) is a separate chunk
 * loaded on demand, so an action starts without parsing the others' code.
 */
const faces: Record<string, () => Promise<unknown>> = {
  cli: () => import('../packages/cli/src/main.js'),
  'build-tag': () => import('./build-tag/main.js'),
  'open-promotion-pr': () => import('./open-promotion-pr/main.js'),
  promote: () => import('./promote/main.js'),
  'promote-dev': () => import('./promote-dev/main.js'),
  release: () => import('./release/main.js'),
  'retag-image': () => import('./retag-image/main.js'),
  rollback: () => import('./rollback/main.js'),
  status: () => import('./status/main.js'),
  'wait-healthy': () => import('./wait-healthy/main.js'),
};

export const faceNames = Object.keys(faces);

export async function start(name: string): Promise<void> {
  const load = faces[name];
  if (!load) throw new Error(`no face named ${name} in this bundle`);
  await load();
}
