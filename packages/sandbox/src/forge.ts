/**
 * Sandbox forge: GitHub (REST v3 + a sliver of GraphQL) and GitLab (REST v4) subsets served over
 * the same real bare repositories that the git smart-HTTP routes serve. Every git object the API
 * writes is a real object written with git plumbing, so a commit made through the API is one a
 * clone sees, and a push is visible through the API. Pull/merge requests, commit statuses and
 * labels live in memory, per server.
 *
 *   const forge = await startForge({ root, tokens: ['t'] });
 *   // GitHub: new Octokit({ baseUrl: `${forge.url}/api/v3` })   GitLab: `${forge.url}/api/v4`
 *   forge.forge.pulls('acme/env')   // inspect state in tests
 */
import { githubRoute } from './github/routes.js';
import { gitlabRoute } from './gitlab/routes.js';
import { ForgeState, type ForgeOptions } from './forge-state.js';
import { SandboxServer, type Route } from './server.js';

// git plumbing over one bare repository: bare-repo.ts
export { BareRepo, type GitCommitInfo, type GitPerson, type TreeChange } from './bare-repo.js';
export { gitSpawnCounts } from './git-batch.js';
// in-memory state and records: forge-state.ts; HTTP helpers shared by the routes: routing/http.ts
export * from './forge-state.js';
export * from './routing/http.js';

export type ForgeServer = SandboxServer & { forge: ForgeState };

/** Routes of both forges over `state`; mount them on any SandboxServer. */
export function forgeRoutes(state: ForgeState): Route[] {
  return [githubRoute(state), gitlabRoute(state)];
}

/**
 * Start a sandbox serving git smart HTTP at `/<owner>/<name>.git`, the GitHub REST subset at
 * `/api/v3` (GraphQL at `/api/graphql`, as GitHub Enterprise) and the GitLab REST subset at `/api/v4`.
 */
export async function startForge(opts: ForgeOptions): Promise<ForgeServer> {
  const state = new ForgeState(opts);
  const server = new SandboxServer({
    root: opts.root,
    tokens: opts.tokens,
    readOnlyTokens: opts.readOnlyTokens,
    routes: forgeRoutes(state),
    port: opts.port,
    host: opts.host,
  });
  await server.start();
  return Object.assign(server, { forge: state });
}
