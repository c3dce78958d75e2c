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
    let exists = false;
    const res = await this.gh.call(
      `create the release ${input.tag}`,
      () =>
        this.gh.octokit.rest.repos.createRelease({
          ...this.gh.repoParams,
          tag_name: input.tag,
          target_commitish: input.target,
          name: input.name,
          body: input.body,
        }),
      // Someone made it between our look and our create: theirs is the release.
      (status, m) => (status === 422 && /already.?exists/i.test(m) ? ((exists = true), null) : undefined),
    );
    if (!exists && res) return toRelease(res.data);
    const found = await this.get(input.tag);
    if (!found) throw this.gh.error(422, `a release ${input.tag} already exists but cannot be read`, `create the release ${input.tag}`);
    return found;
  }
}
