/**
 * GitHub releases of a repository, over the GitHub adapter's client (same transport, limits and
 * error mapping). Creating a release whose tag does not exist creates the tag at `target`.
 */
import type { GitHubEnvRepo } from './github.js';
import type { Release, ReleaseInput, Releases } from './port.js';

interface ReleaseLike {
  tag_name: string;
  name: string | null;
  body?: string | null;
  html_url: string;
}

const toRelease = (r: ReleaseLike): Release => ({ tag: r.tag_name, name: r.name ?? r.tag_name, body: r.body ?? '', url: r.html_url });

export class GitHubReleases implements Releases {
  constructor(private readonly gh: GitHubEnvRepo) {}

  async get(tag: string): Promise<Release | null> {
    let missing = false;
    const res = await this.gh.call(
      `read the release ${tag}`,
      () => this.gh.octokit.rest.repos.getReleaseByTag({ ...this.gh.repoParams, tag }),
      (status) => (status === 404 ? ((missing = true), null) : undefined),
    );
    return missing || !res ? null : toRelease(res.data);
  }

  async create(input: ReleaseInput): Promise<Release> {
    const op = `create the release ${input.tag}`;
    // GitHub answers an existing release with 422 `already_exists` in errors[].code (no text to
    // match): on any 422, a release of that tag made meanwhile is adopted; otherwise the 422 stands.
    let refused: string | undefined;
    const res = await this.gh.call(
      op,
      () =>
        this.gh.octokit.rest.repos.createRelease({
          ...this.gh.repoParams,
          tag_name: input.tag,
          target_commitish: input.target,
          name: input.name,
          body: input.body,
        }),
      (status, m) => (status === 422 ? ((refused = m), null) : undefined),
    );
    if (refused === undefined && res) return toRelease(res.data);
    const found = await this.get(input.tag);
    if (!found) throw this.gh.error(422, refused ?? 'Validation Failed', op);
    return found;
  }
}
