/**
 * GitHub GraphQL reads over the sandbox's bare repositories: `repository(owner:, name:)` and its
 * `object(expression:|oid:)` as a Commit (`oid`, `message`, `committedDate`, `history(path:,
 * first:)`, `status { state contexts { … } }`) or a Blob (`text`, `byteSize`, `isBinary`,
 * `isTruncated`). The query is parsed, validated and executed by graphql-js against GitHub's
 * published schema (@octokit/graphql-schema): a field GitHub does not have, a wrong type or a
 * missing variable is refused as GitHub refuses it, and fields outside this subset answer null.
 */
import { buildSchema, graphql, GraphQLError, type GraphQLSchema } from 'graphql';
import type { BareRepo } from '../bare-repo.js';
import type { ForgeState } from '../forge-state.js';
import type { GraphqlAnswer, GraphqlError } from './commit-on-branch.js';
import { combinedState } from './objects.js';

let schema: Promise<GraphQLSchema> | undefined;

/** GitHub's schema, built once per process (about a second: it is large). */
function githubSchema(): Promise<GraphQLSchema> {
  // The published SDL repeats a few enterprise fields; graphql-js would refuse it as invalid SDL.
  schema ??= import('@octokit/graphql-schema').then((m) => buildSchema(m.schema.idl, { assumeValidSDL: true }));
  return schema;
}

/** A query (not a mutation) whose first field is `repository(…)`. */
export const REPOSITORY_QUERY = /^\s*(query\b[^{]*)?\{\s*(\w+\s*:\s*)?repository\s*\(/;

/** GitHub's DateTime: ISO 8601 without milliseconds. */
const iso = (d: string) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** GitHub's connection limit. */
const MAX_PAGE = 100;

class TypedError extends GraphQLError {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function commitNode(state: ForgeState, repoName: string, repo: BareRepo, sha: string) {
  return {
    __typename: 'Commit',
    oid: sha,
    id: Buffer.from(`Commit:${repoName}:${sha}`).toString('base64'),
    async message() {
      return ((await repo.readCommit(sha))?.message ?? '').replace(/\n$/, '');
    },
    async messageHeadline() {
      return ((await repo.readCommit(sha))?.message ?? '').split('\n')[0];
    },
    async committedDate() {
      const c = await repo.readCommit(sha);
      return c ? iso(c.committer.date) : null;
    },
    async history(args: { path?: string | null; first?: number | null; last?: number | null }) {
      const first = args.first ?? null;
      if (first === null) {
        throw new TypedError('MISSING_PAGINATION_BOUNDARIES', 'You must provide a `first` or `last` value to properly paginate the `history` connection.');
      }
      if (first > MAX_PAGE || first < 0) {
        throw new TypedError(
          'EXCESSIVE_PAGINATION',
          `Requesting ${first} records on the \`history\` connection exceeds the \`first\` limit of ${MAX_PAGE} records.`,
        );
      }
      const path = args.path ?? undefined;
      const items = await repo.log(sha, { path, max: first + 1 });
      const page = items.slice(0, first);
      return {
        nodes: page.map((c) => commitNode(state, repoName, repo, c.sha)),
        pageInfo: { hasNextPage: items.length > first, hasPreviousPage: false },
        totalCount: () => repo.count(sha, path),
      };
    },
    status() {
      const latest = state.latestStatuses(repoName, sha);
      if (latest.length === 0) return null;
      return {
        state: combinedState(latest).toUpperCase(),
        contexts: latest.map((s) => ({
          context: s.context,
          state: s.state.toUpperCase(),
          description: s.description,
          targetUrl: s.targetUrl,
          createdAt: iso(s.createdAt),
        })),
      };
    },
  };
}

function blobNode(sha: string, content: Buffer) {
  const binary = content.includes(0);
  return { __typename: 'Blob', oid: sha, byteSize: content.length, isBinary: binary, isTruncated: false, text: binary ? null : content.toString('utf8') };
}

/** `rev` or `rev:path`, as GitHub's `object(expression:)` takes it. */
async function objectAt(state: ForgeState, repoName: string, repo: BareRepo, expression: string) {
  const colon = expression.indexOf(':');
  const commit = await repo.resolveCommit(colon < 0 ? expression : expression.slice(0, colon));
  if (!commit) return null;
  if (colon < 0) return commitNode(state, repoName, repo, commit);
  const entry = await repo.entryAt(commit, expression.slice(colon + 1));
  if (!entry) return null;
  if (entry.type === 'blob') return blobNode(entry.sha, (await repo.readBlob(entry.sha)) ?? Buffer.alloc(0));
  if (entry.type === 'tree') return { __typename: 'Tree', oid: entry.sha };
  return null;
}

/** Execute a `repository(…)` query as GitHub's GraphQL API answers it. */
export async function repositoryQuery(state: ForgeState, query: string, variables: Record<string, unknown>): Promise<GraphqlAnswer> {
  const root = {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repoName = `${owner}/${name}`;
      const repo = state.repo(repoName);
      if (!repo) throw new TypedError('NOT_FOUND', `Could not resolve to a Repository with the name '${repoName}'.`);
      return {
        __typename: 'Repository',
        nameWithOwner: repoName,
        name,
        object: (args: { oid?: string | null; expression?: string | null }) => objectAt(state, repoName, repo, String(args.oid ?? args.expression ?? '')),
      };
    },
  };
  const result = await graphql({
    schema: await githubSchema(),
    source: query,
    rootValue: root,
    variableValues: variables,
    typeResolver: (value) => (value as { __typename?: string }).__typename,
  });
  const errors: GraphqlError[] | undefined = result.errors?.map((e) => ({
    ...(e.originalError instanceof TypedError ? { type: e.originalError.type } : {}),
    ...(e.path ? { path: e.path.map(String) } : {}),
    message: e.message,
  })) as GraphqlError[] | undefined;
  return { data: result.data ?? null, ...(errors ? { errors } : {}) };
}
