/**
 * GitLab releases of a project, over the GitLab adapter's request (same transport, retries,
 * limits and error mapping). Creating a release whose tag does not exist creates the tag at `ref`.
 */
import type { ReleaseSchema } from '@gitbeaker/rest';
import type { GitLabEnvRepo } from './gitlab.js';
import type { Release, ReleaseInput, Releases } from './port.js';

type ReleaseLike = Pick<ReleaseSchema, 'tag_name' | 'name' | 'description'> & { _links?: { self?: string } };

export class GitLabReleases implements Releases {
  constructor(private readonly gl: GitLabEnvRepo) {}

  private toRelease(r: ReleaseLike): Release {
    return { tag: r.tag_name, name: r.name ?? r.tag_name, body: r.description ?? '', url: r._links?.self ?? '' };
  }

  async get(tag: string): Promise<Release | null> {
    const r = await this.gl.request<ReleaseLike | null>(`read the release ${tag}`, 'GET', `/releases/${encodeURIComponent(tag)}`, {}, (status) =>
      status === 404 ? null : undefined,
    );
    return r.data ? this.toRelease(r.data) : null;
  }

  async create(input: ReleaseInput): Promise<Release> {
    let exists = false;
    const r = await this.gl.request<ReleaseLike | null>(
      `create the release ${input.tag}`,
      'POST',
      '/releases',
      { json: { tag_name: input.tag, ref: input.target, name: input.name, description: input.body } },
      // Someone made it between our look and our create: theirs is the release.
      (status, m) => (status === 409 && /already exists/i.test(m) ? ((exists = true), null) : undefined),
    );
    if (!exists && r.data) return this.toRelease(r.data);
    const found = await this.get(input.tag);
    if (!found) throw this.gl.error(409, `a release ${input.tag} already exists but cannot be read`, `create the release ${input.tag}`);
    return found;
  }
}
