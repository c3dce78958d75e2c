/**
 * The GitHub actions and GitLab components over the verbs. `npm run build` generates
 * actions/<name>/action.yml + README.md and templates/<name>.yml from these and the verb specs.
 */
import { BUILD_TAG, PROMOTE, RELEASE, RETAG, ROLLBACK, STATUS, WAIT_HEALTHY } from './verbs.js';
import type { FaceSpec } from './spec.js';

export interface ActionFace extends FaceSpec {
  readonly branding: { readonly icon: string; readonly color: string };
}

/** The GitLab job around the CLI call: the component's own inputs beside the verb's. */
export interface GitLabJob {
  readonly stage: string;
  /** `rules: - if:` default (an input `rules-if`), or … */
  readonly rulesIf?: string;
  /** … `when:` default (an input `when`), or … */
  readonly when?: string;
  /** … an input `needs` (array, default []). */
  readonly needs?: boolean;
  /** dotenv report file; kept on failure too when `artifactsAlways`. */
  readonly dotenv: string;
  readonly artifactsAlways?: boolean;
  /** Extra lines for the header comment (what CI/CD variables the job needs). */
  readonly notes?: readonly string[];
}

export interface ComponentFace extends FaceSpec {
  readonly job: GitLabJob;
}

/** promote-dev commits directly: the pull/merge request inputs mean nothing there. */
const PULL_REQUEST_ONLY = ['branch-name', 'title', 'labels', 'reviewers', 'assignees', 'draft', 'auto-merge', 'skip-precondition'];

const ENV_TOKEN_NOTE = 'Token: GITLAB_TOKEN (a masked CI/CD variable; api scope to open merge requests), else CI_JOB_TOKEN.';

export const ACTIONS: readonly ActionFace[] = [
  {
    name: 'promote-dev',
    verb: PROMOTE,
    description: 'Set one environment of one app to an image tag by a direct commit to the env repo (byte-preserving YAML edit, compare-and-swap push).',
    preset: { mode: 'push' },
    omit: PULL_REQUEST_ONLY,
    defaults: { env: 'dev' },
    branding: { icon: 'upload-cloud', color: 'blue' },
  },
  {
    name: 'promote',
    verb: PROMOTE,
    description:
      "Set one environment of one app to an image tag, the way gitops.yaml's mode: says — a direct commit or the one pull request — with every promote input.",
    branding: { icon: 'arrow-up-circle', color: 'blue' },
  },
  {
    name: 'open-promotion-pr',
    verb: PROMOTE,
    description:
      'Open (or update) the one pull request that promotes an app to an environment, refused while the `from` environment does not run the tag (verified).',
    preset: { mode: 'pull-request' },
    branding: { icon: 'git-pull-request', color: 'blue' },
  },
  {
    name: 'wait-healthy',
    verb: WAIT_HEALTHY,
    description:
      'Wait until Argo CD, Flux or an HTTP endpoint reports the environment Healthy and Synced at the commit you pushed — stale status never passes. Records the verdict on the commit; optionally rolls back.',
    branding: { icon: 'activity', color: 'green' },
  },
  {
    name: 'rollback',
    verb: ROLLBACK,
    description: 'Put the last verified tag of an environment back (the last one a wait-healthy gate passed), by commit or pull request.',
    branding: { icon: 'rotate-ccw', color: 'red' },
  },
  {
    name: 'build-tag',
    verb: BUILD_TAG,
    description:
      'Compute the image tag of a commit (semver from a pushed tag, rc, stable or dev) with docker/metadata-action style tags, labels and annotations; optionally build and push.',
    branding: { icon: 'tag', color: 'purple' },
  },
  {
    name: 'retag-image',
    verb: RETAG,
    description:
      'Tag an image again by digest over the OCI distribution API: the manifest only, no layer pulled; a tag that points elsewhere is refused unless declared moving.',
    branding: { icon: 'copy', color: 'purple' },
  },
  {
    name: 'release',
    verb: RELEASE,
    description:
      'Production promotion: refuse unless staging runs the tag and verified it; retag that image by digest to the version and production-latest; open the prod pull request (tag and digest); create the GitHub release with grouped notes.',
    branding: { icon: 'award', color: 'green' },
  },
  {
    name: 'status',
    verb: STATUS,
    description:
      'What runs where: every app and environment with its tag, since when, the verification verdict, open promotion/rollback pull requests and blocked tags — written to the job summary as a table and a Mermaid diagram of the promotion chain.',
    branding: { icon: 'list', color: 'green' },
  },
];

export const COMPONENTS: readonly ComponentFace[] = [
  {
    name: 'promote-dev',
    verb: PROMOTE,
    description: 'Set one environment of one app to an image tag by a direct commit to the env repo (byte-preserving YAML edit, compare-and-swap push).',
    preset: { mode: 'push' },
    omit: PULL_REQUEST_ONLY,
    defaults: { env: 'dev' },
    job: { stage: 'deploy', rulesIf: '$CI_COMMIT_TAG', dotenv: 'gitops-promote.env', notes: [ENV_TOKEN_NOTE] },
  },
  {
    name: 'promote',
    verb: PROMOTE,
    description: "Set one environment of one app to an image tag, the way gitops.yaml's mode: says (a direct commit or the one merge request).",
    job: { stage: 'deploy', rulesIf: '$CI_COMMIT_TAG', dotenv: 'gitops-promote.env', notes: [ENV_TOKEN_NOTE] },
  },
  {
    name: 'open-promotion-mr',
    verb: PROMOTE,
    description: 'Open (or update) the one merge request that promotes an app to an environment, refused while the `from` environment does not run the tag.',
    preset: { mode: 'pull-request' },
    defaults: { 'env-repo': '$CI_PROJECT_PATH' },
    job: { stage: 'deploy', rulesIf: '$CI_COMMIT_TAG', dotenv: 'gitops-promote.env', notes: [ENV_TOKEN_NOTE, 'CI_JOB_TOKEN cannot open merge requests.'] },
  },
  {
    name: 'wait-healthy',
    verb: WAIT_HEALTHY,
    description:
      'Wait until Argo CD, Flux or an HTTP endpoint runs the env repo commit healthy (stale status never passes); record the verdict on the commit; optionally roll back.',
    defaults: { 'argocd-server': '$ARGOCD_SERVER' },
    job: {
      stage: 'verify',
      needs: true,
      dotenv: 'gitops-health.env',
      artifactsAlways: true,
      notes: ['Argo CD: ARGOCD_AUTH_TOKEN (a masked CI/CD variable).', ENV_TOKEN_NOTE],
    },
  },
  {
    name: 'rollback',
    verb: ROLLBACK,
    description: 'Put the last verified tag of an environment back (the last one a wait-healthy gate passed), by commit or merge request.',
    job: { stage: 'deploy', when: 'on_failure', dotenv: 'gitops-rollback.env', notes: [ENV_TOKEN_NOTE] },
  },
  {
    name: 'build-tag',
    verb: BUILD_TAG,
    description: 'Compute the image tag of a commit (semver from a pushed tag, rc, stable or dev) with OCI labels and annotations; optionally build and push.',
    job: {
      stage: 'build',
      when: 'on_success',
      dotenv: 'gitops-build-tag.env',
      notes: ['The job image needs git (and a builder for push). A shallow checkout (GIT_DEPTH) fetches its tags and history itself.'],
    },
  },
  {
    name: 'retag-image',
    verb: RETAG,
    description: 'Tag an image again by digest over the OCI distribution API: the manifest only, no layer pulled.',
    job: {
      stage: 'release',
      when: 'on_success',
      dotenv: 'gitops-retag.env',
      notes: ['Registry credentials: REGISTRY_USERNAME / REGISTRY_PASSWORD (masked CI/CD variables), else a docker config.json.'],
    },
  },
  {
    name: 'release',
    verb: RELEASE,
    description:
      'Production promotion, run by hand: refuse unless staging runs the tag and verified it; retag that image by digest; open the prod merge request (tag and digest); create the GitLab release with grouped notes.',
    job: {
      stage: 'release',
      when: 'manual',
      dotenv: 'gitops-release.env',
      notes: [
        ENV_TOKEN_NOTE,
        'Registry: REGISTRY_USERNAME / REGISTRY_PASSWORD. The release goes to this project (release-repo); CI_JOB_TOKEN can create releases.',
      ],
    },
  },
  {
    name: 'status',
    verb: STATUS,
    description:
      'What runs where: every app and environment with its tag, since when, the verification verdict, open promotion/rollback merge requests and blocked tags — printed in a collapsible summary section of the job log.',
    job: { stage: '.post', when: 'always', dotenv: 'gitops-status.env', notes: ['Token: GITLAB_TOKEN (read_api is enough), else CI_JOB_TOKEN.'] },
  },
];
