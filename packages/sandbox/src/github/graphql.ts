/**
 * The GitHub GraphQL endpoint (`POST /api/graphql`, as GitHub Enterprise): no GraphQL engine, a
 * list of resolvers each answering the operations its pattern finds in the query text. To answer
 * another operation, add a resolver to GRAPHQL_RESOLVERS.
 */
import { type ForgeState, nowIso } from '../forge-state.js';
import { readJson, sendJson } from '../routing/http.js';
import { createCommitOnBranch, type GraphqlAnswer } from './commit-on-branch.js';
import { REPOSITORY_QUERY, repositoryQuery } from './graphql-history.js';
import type { GhReq } from './context.js';
import * as o from './objects.js';
import { live } from './pulls.js';

/** One GraphQL request as a resolver sees it. */
export interface GraphqlCall {
  state: ForgeState;
  query: string;
  variables: Record<string, unknown>;
  login: string;
  access: 'none' | 'read' | 'write';
  ctx: o.Ctx;
}

export interface GraphqlResolver {
  /** The operation's name, listed in the answer to a query no resolver takes. */
  name: string;
  /** Whether this resolver answers the query (a pattern on its text). */
  matches: RegExp;
  resolve: (call: GraphqlCall) => Promise<GraphqlAnswer>;
}

const enableAutoMerge: GraphqlResolver = {
  name: 'enablePullRequestAutoMerge',
  matches: /enablePullRequestAutoMerge/,
  async resolve({ state, query: q, variables: vars, login, access }) {
    const inline = /pullRequestId:\s*"([^"]+)"/.exec(q)?.[1];
    const id = String(Object.values(vars).find((v) => typeof v === 'string' && v.startsWith('PR_')) ?? inline ?? '');
    const methodVar = Object.values(vars).find((v) => typeof v === 'string' && /^(MERGE|SQUASH|REBASE)$/.test(v));
    const method = String(methodVar ?? /mergeMethod:\s*(MERGE|SQUASH|REBASE)/.exec(q)?.[1] ?? 'MERGE').toLowerCase() as 'merge';
    const err = (message: string, type = 'UNPROCESSABLE'): GraphqlAnswer => ({
      data: { enablePullRequestAutoMerge: null },
      errors: [{ type, path: ['enablePullRequestAutoMerge'], locations: [{ line: 2, column: 3 }], message }],
    });
    const ref = o.parsePrNodeId(id);
    const pr = ref ? state.pulls(ref.repo).find((p) => p.number === ref.number) : undefined;
    const repo = ref ? state.repo(ref.repo) : null;
    if (!pr || !repo) return err(`Could not resolve to a node with the global id of '${id}'`, 'NOT_FOUND');
    if (access === 'read') return err('Resource not accessible by personal access token', 'FORBIDDEN');
    if (pr.state !== 'open') return err('Pull request is not open');
    if (!state.allowAutoMerge) return err('Pull request Auto merge is not allowed for this repository');
    const l = await live(state, repo, pr);
    if (l.mergeableState === 'clean') return err('Pull request Pull request is in clean status');
    if (l.mergeableState === 'dirty') return err('Pull request Pull request is not mergeable');
    pr.autoMerge = { method, by: login };
    pr.updatedAt = nowIso();
    return {
      data: {
        enablePullRequestAutoMerge: {
          pullRequest: { id, number: pr.number, autoMergeRequest: { enabledAt: pr.updatedAt, mergeMethod: method.toUpperCase() } },
        },
      },
    };
  },
};

const commitOnBranch: GraphqlResolver = {
  name: 'createCommitOnBranch',
  matches: /createCommitOnBranch/,
  resolve: ({ state, login, access, ctx, variables }) => createCommitOnBranch({ state, login, access, web: ctx.web }, variables.input),
};

const repositoryRead: GraphqlResolver = {
  name: 'repository',
  matches: REPOSITORY_QUERY,
  resolve: ({ state, query, variables }) => repositoryQuery(state, query, variables),
};

/** Tried in order; the first whose pattern is in the query answers it. */
export const GRAPHQL_RESOLVERS: GraphqlResolver[] = [enableAutoMerge, commitOnBranch, repositoryRead];

/** The endpoint: GraphQL answers 200 with `errors` for anything short of a transport failure. */
export async function graphql(state: ForgeState, r: GhReq): Promise<void> {
  const body = await readJson(r.req);
  const query = typeof body?.query === 'string' ? body.query : '';
  const variables = (body?.variables ?? {}) as Record<string, unknown>;
  const resolver = GRAPHQL_RESOLVERS.find((x) => x.matches.test(query));
  state.graphqlOperations[/^\s*mutation\b/.test(query) ? 'mutation' : 'query']++;
  const answer: GraphqlAnswer = resolver
    ? await resolver.resolve({ state, query, variables, login: r.login, access: r.access, ctx: r.ctx })
    : {
        data: null,
        errors: [
          {
            type: 'UNSUPPORTED',
            message: `The sandbox GraphQL endpoint only supports ${new Intl.ListFormat('en').format(GRAPHQL_RESOLVERS.map((x) => x.name))}`,
          },
        ],
      };
  sendJson(r.res, 200, answer.errors ? { data: answer.data, errors: answer.errors } : { data: answer.data }, r.headers);
}
