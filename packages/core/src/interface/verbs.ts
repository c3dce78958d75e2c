/**
 * The interface of every verb: inputs and outputs, once. Faces (CLI, actions, GitLab components)
 * and the README are built from these; see spec.ts for the vocabulary.
 */
import {
  APP_ENV_INPUTS,
  CLI_OUTPUT_INPUTS,
  DRY_RUN_INPUT,
  ENV_REPO_INPUTS,
  LIMITS,
  PULL_REQUEST_INPUTS,
  TARGET_INPUTS,
  TOKEN_INPUT,
  deadlineInput,
} from './common.js';
import type { VerbSpec } from './spec.js';

/** Grace periods may be 0 (fail at once, the default for Degraded); other durations start at 1 s. */
const GRACE_RANGE = { min: 0, max: 24 * 3_600_000 } as const;

export const PROMOTE: VerbSpec = {
  command: 'promote',
  summary: 'Set one environment of one app to an image tag, by a commit or a pull/merge request.',
  inputs: [
    ...ENV_REPO_INPUTS,
    TOKEN_INPUT,
    ...APP_ENV_INPUTS,
    {
      name: 'tag',
      type: 'string',
      required: true,
      description: 'Image tag to deploy, e.g. v1.2.3. Where the key holds an image reference (repo:tag), only its tag changes.',
    },
    {
      name: 'digest',
      type: 'string',
      placeholder: '<sha256:…>',
      description:
        'Image digest to pin with the tag: of an image reference at the key (repo:tag@digest), else at digest-key (default images[…].digest / image.digest beside the tag key).',
    },
    {
      name: 'digest-key',
      type: 'string',
      placeholder: '<yaml-path>',
      description: 'With digest: YAML path of the digest beside a bare tag (default: newTag → digest, tag → digest).',
    },
    ...TARGET_INPUTS,
    { name: 'tag-pattern', type: 'regex', placeholder: '<regex>', description: 'Refuse tags that do not match this regular expression.' },
    { name: 'allow-downgrade', type: 'boolean', description: 'Allow a tag older than the one the environment runs.' },
    {
      name: 'tag-order',
      type: 'enum',
      options: ['semver', 'numerical', 'alphabetical', 'none'],
      description: 'How tags order for the downgrade guard (default semver; numerical compares the last run of digits).',
    },
    {
      name: 'tag-order-extract',
      type: 'regex',
      placeholder: '<regex>',
      description: 'numerical: the named group (?<n>…) or the last run of digits of this match orders tags.',
    },
    {
      name: 'skip-precondition',
      type: 'boolean',
      aliases: ['skip-gate'],
      description: 'Promote even when the `from` environment does not run the tag (verified).',
    },
    { name: 'force', type: 'boolean', description: 'Promote a tag that failed verification or was rolled back in this environment (or failed in `from`).' },
    DRY_RUN_INPUT,
    {
      name: 'commit-message',
      type: 'string',
      placeholder: '<template>',
      description: 'Commit message template: {app} {env} {tag} {from} (default {env}({app}): {tag}).',
    },
    { name: 'branch-name', type: 'string', placeholder: '<template>', description: 'Pull/merge request branch template (default promote-{app}-{tag}-{env}).' },
    { name: 'title', type: 'string', placeholder: '<template>', description: 'Pull/merge request title template (default {env}({app}): {tag}).' },
    ...PULL_REQUEST_INPUTS,
    { name: 'assignees', type: 'list', description: 'Pull/merge request assignees, comma- or newline-separated.' },
    { name: 'draft', type: 'boolean', description: 'Open the pull/merge request as a draft.' },
    { name: 'auto-merge', type: 'boolean', description: 'Ask the forge to merge when the required checks pass.' },
    deadlineInput('15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'changed', description: 'true when a commit or a pull/merge request was made or moved; false when the environment already ran the tag.' },
    { name: 'operation', description: 'pushed, created, updated, unchanged or dry-run.' },
    { name: 'commit-sha', description: 'The commit made (the PR/MR branch head in pull-request mode); empty when unchanged.' },
    { name: 'previous-tag', description: 'The tag the environment ran before; empty when the value was YAML null or empty (no tag).' },
    { name: 'url', description: 'Web URL of the commit, where the forge has one.' },
    { name: 'pr-number', description: 'Pull/merge request number, in pull-request mode.' },
    { name: 'pr-url', description: 'Pull/merge request URL, in pull-request mode.' },
    { name: 'branch', description: 'Source branch of the pull/merge request.' },
  ],
};

export const ROLLBACK: VerbSpec = {
  command: 'rollback',
  summary: 'Put the last verified tag of an environment back, by a commit or a pull/merge request.',
  inputs: [
    ...ENV_REPO_INPUTS,
    TOKEN_INPUT,
    ...APP_ENV_INPUTS,
    {
      name: 'to',
      type: 'string',
      placeholder: '<tag>',
      description: 'Roll back to this tag instead of the last verified one; it must have run in this environment.',
    },
    {
      name: 'failed-tag',
      type: 'string',
      placeholder: '<tag>',
      description: 'The tag that failed: roll back only while the environment still runs it (a re-run does nothing).',
    },
    { name: 'force', type: 'boolean', description: 'Allow --to a tag that never ran in this environment (not found in --depth commits).' },
    ...TARGET_INPUTS,
    {
      name: 'depth',
      type: 'int',
      default: '30',
      range: LIMITS.depth,
      placeholder: '<n>',
      description: `Commits of the file's history searched for a verified tag (${LIMITS.depth.min}…${LIMITS.depth.max}).`,
    },
    ...PULL_REQUEST_INPUTS,
    DRY_RUN_INPUT,
    deadlineInput('15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'changed', description: 'true when a commit or a pull/merge request was made.' },
    { name: 'operation', description: 'pushed, created, updated, unchanged or dry-run.' },
    { name: 'commit-sha', description: 'The rollback commit.' },
    { name: 'from', description: 'The tag the environment ran before the rollback.' },
    { name: 'rolled-back-to', description: 'The tag it was rolled back to.' },
    {
      name: 'source',
      description:
        'verified (the last tag a gate passed), history (the previous tag; no record found), explicit (to), already-rolled-back (a rollback just ran: nothing done) or not-running (the environment no longer runs failed-tag: nothing done).',
    },
    { name: 'pr-number', description: 'Rollback pull/merge request number, in pull-request mode.' },
    { name: 'pr-url', description: 'Rollback pull/merge request URL, in pull-request mode.' },
  ],
};

export const WAIT_HEALTHY: VerbSpec = {
  command: 'wait-healthy',
  summary: 'Wait until the environment runs that commit, Healthy and Synced; fail fast otherwise.',
  inputs: [
    { name: 'argocd-server', type: 'string', placeholder: '<url>', description: 'Argo CD server URL (default ARGOCD_SERVER); token from ARGOCD_AUTH_TOKEN.' },
    { name: 'argocd-token', type: 'string', secret: true, faces: ['action'], description: 'Argo CD API token (default ARGOCD_AUTH_TOKEN). Masked.' },
    { name: 'argocd-app', type: 'string', placeholder: '<name>', description: 'Argo CD application (default: from gitops.yaml for app+env).' },
    { name: 'argocd-app-namespace', type: 'string', placeholder: '<ns>', description: 'Namespace of the Application (apps in any namespace).' },
    { name: 'argocd-project', type: 'string', placeholder: '<project>', description: 'Project the application must belong to.' },
    { name: 'refresh', type: 'enum', options: ['normal', 'hard', 'none'], default: 'normal', description: 'Refresh requested first.' },
    { name: 'stream', type: 'boolean', default: 'true', description: "Follow Argo CD's watch stream (off: poll)." },
    { name: 'insecure', type: 'boolean', description: 'Accept self-signed TLS certificates.' },
    { name: 'degraded-grace', type: 'duration', range: GRACE_RANGE, description: 'How long Degraded may last after our sync before failing (e.g. 30s).' },
    { name: 'missing-grace', type: 'duration', range: GRACE_RANGE, description: 'How long Missing may last before failing.' },
    { name: 'suspended', type: 'enum', options: ['pass', 'fail', 'wait'], description: 'What Suspended means.' },
    { name: 'flux-kind', type: 'enum', options: ['Kustomization', 'HelmRelease'], description: 'Flux object kind.' },
    { name: 'flux-name', type: 'string', placeholder: '<name>', description: 'Flux object name.' },
    { name: 'flux-namespace', type: 'string', placeholder: '<ns>', description: 'Flux object namespace (default flux-system).' },
    { name: 'flux-reconcile', type: 'boolean', description: 'Request a reconcile first (reconcile.fluxcd.io/requestedAt).' },
    {
      name: 'flux-retries',
      type: 'enum',
      options: ['fail', 'wait'],
      default: 'fail',
      description: 'A HelmRelease whose upgrade of our revision failed but has remediation retries left: fail now, or wait for the retries.',
    },
    { name: 'kubeconfig', type: 'string', placeholder: '<path>', description: 'kubeconfig (default KUBECONFIG, else in-cluster).' },
    { name: 'context', type: 'string', placeholder: '<name>', description: 'kubeconfig context.' },
    { name: 'url', type: 'string', placeholder: '<url>', description: 'HTTP health URL that must answer 2xx.' },
    {
      name: 'successes',
      type: 'int',
      range: LIMITS.successes,
      placeholder: '<n>',
      description: `Consecutive 2xx answers required by the HTTP gate (${LIMITS.successes.min}…${LIMITS.successes.max}).`,
    },
    { name: 'revision', type: 'string', placeholder: '<sha>', description: 'The commit that must be running (default: the head of the env repo branch).' },
    { name: 'timeout', type: 'duration', default: '10m', description: 'Give up after this long (90s, 10m, 1h).' },
    { name: 'poll-interval', type: 'duration', default: '5s', description: 'Poll period when not streaming.' },
    ...ENV_REPO_INPUTS.map((i) =>
      i.name === 'env-repo'
        ? {
            ...i,
            required: false,
            description: 'Env repo, to record the verdict on the commit (commit status gitops/<app>/<env>), read gitops.yaml and roll back.',
          }
        : i,
    ),
    TOKEN_INPUT,
    ...APP_ENV_INPUTS.map((i) => ({ ...i, required: false, description: `${i.description} With env-repo.` })),
    { name: 'rollback-on-failure', type: 'boolean', description: 'When the gate fails, roll back to the last verified tag (the run still fails).' },
    {
      name: 'rollback-depth',
      type: 'int',
      default: '30',
      range: LIMITS.depth,
      placeholder: '<n>',
      description: `Commits of history the rollback searches for a verified tag (${LIMITS.depth.min}…${LIMITS.depth.max}).`,
    },
    deadlineInput('timeout + 15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'healthy', description: 'true or false.' },
    { name: 'health', description: 'The last health seen (Healthy, Progressing, Degraded, …).' },
    { name: 'sync', description: 'The last sync status seen.' },
    { name: 'revision', description: 'The revision the target last reported.' },
    { name: 'outcome', description: 'passed, failed, timed-out or cancelled.' },
    { name: 'rolled-back-to', description: 'The tag rolled back to (with rollback-on-failure).' },
  ],
};

export const BUILD_TAG: VerbSpec = {
  command: 'build-tag',
  summary: 'Compute the image tag of a commit, with docker/metadata-action style tags, labels and annotations; optionally build and push.',
  inputs: [
    {
      name: 'strategy',
      type: 'enum',
      options: ['semver', 'rc', 'stable', 'dev'],
      required: true,
      description: 'semver (the pushed tag), rc (next version -rc.<sha7>), stable (the tag on HEAD, else the next version) or dev (dev-<sha7>-<timestamp>).',
    },
    {
      name: 'ref',
      type: 'string',
      placeholder: '<git ref>',
      description: 'semver: the pushed tag ref, e.g. refs/tags/v1.2.3 (default: GITHUB_REF / CI_COMMIT_TAG).',
    },
    { name: 'sha', type: 'string', placeholder: '<sha>', description: 'Commit to tag (default: HEAD of dir).' },
    { name: 'dir', type: 'string', placeholder: '<path>', description: 'App repository checkout (default: the working directory).' },
    { name: 'image', type: 'list', description: 'Image names (registry/repository), comma- or newline-separated: outputs full references.' },
    {
      name: 'source',
      type: 'string',
      placeholder: '<url>',
      description: 'org.opencontainers.image.source (default: the CI project URL, or the origin remote).',
    },
    { name: 'title', type: 'string', placeholder: '<title>', description: 'org.opencontainers.image.title (default: the repository name).' },
    { name: 'push', type: 'boolean', description: 'Also build the image and push every tag (docker buildx, else buildah, else podman); outputs the digest.' },
    { name: 'context', type: 'string', placeholder: '<dir>', description: 'Build context for push (default: dir).' },
    { name: 'file', type: 'string', placeholder: '<path>', description: "Dockerfile/Containerfile for push (default: the builder's, in the context)." },
    {
      name: 'builder',
      type: 'enum',
      options: ['auto', 'buildx', 'buildah', 'podman'],
      default: 'auto',
      description: 'Builder for push (auto: the first one found).',
    },
    { name: 'plain-http', type: 'boolean', description: 'Push to a registry over http (local registries).' },
    deadlineInput('15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'version', description: 'The version, e.g. 1.2.3 or 1.3.0-rc.abc1234.' },
    { name: 'tags', description: 'Full image references, one per line (docker/metadata-action convention).' },
    { name: 'labels', description: 'OCI labels (org.opencontainers.image.*), one key=value per line.' },
    { name: 'annotations', description: 'OCI annotations, one per line.' },
    { name: 'json', description: 'All of the above as JSON.' },
    { name: 'digest', description: 'The pushed digest (with push).' },
  ],
};

export const RETAG: VerbSpec = {
  command: 'retag',
  summary: 'Tag an image again by digest: manifest only, no layer pulls.',
  inputs: [
    { name: 'image', type: 'string', required: true, placeholder: '<registry/repo>', description: 'Image name, e.g. ghcr.io/acme/payments.' },
    { name: 'from', type: 'string', required: true, placeholder: '<tag|digest>', description: 'Existing tag (or sha256: digest) to retag.' },
    { name: 'to', type: 'list', required: true, placeholder: '<tags>', description: 'New tags, comma-separated.' },
    {
      name: 'to-image',
      type: 'string',
      placeholder: '<registry/repo>',
      description: 'Put the new tags in another repository of the same registry (blobs are mounted).',
    },
    {
      name: 'moving',
      type: 'list',
      placeholder: '<tags>',
      description: 'Tags meant to move (e.g. production-latest): retagged even when they point elsewhere.',
    },
    { name: 'force', type: 'boolean', description: 'Move target tags that point at another image.' },
    { name: 'plain-http', type: 'boolean', description: 'Talk http, not https (local registries).' },
    DRY_RUN_INPUT,
    {
      name: 'registry-password',
      type: 'string',
      secret: true,
      faces: ['action'],
      description: 'Registry password or token (default REGISTRY_PASSWORD). Masked.',
    },
    { name: 'registry-username', type: 'string', faces: ['action'], description: 'Registry username (default REGISTRY_USERNAME).' },
    deadlineInput('15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'digest', description: 'The digest every new tag points at.' },
    { name: 'tags', description: 'The new tags, one per line.' },
    { name: 'changed', description: 'true when a tag was created or moved.' },
  ],
};

/** How status and history print on stdout without --json. */
const FORMAT_INPUT = {
  name: 'format',
  type: 'enum',
  options: ['table', 'markdown'],
  default: 'table',
  faces: ['cli'],
  description: 'Print a plain table, or Markdown (a table, and for status a Mermaid diagram) for a PR body or a job summary.',
} as const;

export const STATUS: VerbSpec = {
  command: 'status',
  summary: 'What runs where: each app and environment with its tag, since when, the verification verdict, open promotion/rollback requests and blocked tags.',
  inputs: [
    ...ENV_REPO_INPUTS,
    TOKEN_INPUT,
    { name: 'app', type: 'string', description: 'Only this app (default: every app in gitops.yaml).' },
    {
      name: 'depth',
      type: 'int',
      default: '10',
      range: LIMITS.depth,
      placeholder: '<n>',
      description: `Commits of each environment's file history read for since-when, the verdict and blocked tags (${LIMITS.depth.min}…${LIMITS.depth.max}).`,
    },
    FORMAT_INPUT,
    deadlineInput('15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'json', description: 'The status of every app and environment as JSON (action only: a GitLab dotenv report holds at most 5 KB; use --json).' },
    {
      name: 'markdown',
      description: 'The same as Markdown, a table and a Mermaid diagram of each promotion chain, also written to the job summary (action only).',
    },
    { name: 'failed', description: 'app/env pairs whose current tag failed verification, comma-separated; empty when none.' },
  ],
};

export const HISTORY: VerbSpec = {
  command: 'history',
  summary: "One environment's timeline: each tag, when and by which commit or PR it was set, its verdict, and the rollbacks.",
  inputs: [
    ...ENV_REPO_INPUTS,
    TOKEN_INPUT,
    ...APP_ENV_INPUTS,
    ...TARGET_INPUTS.filter((i) => i.name === 'file' || i.name === 'key'),
    {
      name: 'depth',
      type: 'int',
      default: '30',
      range: LIMITS.depth,
      placeholder: '<n>',
      description: `Commits of the file's history read (${LIMITS.depth.min}…${LIMITS.depth.max}).`,
    },
    FORMAT_INPUT,
    deadlineInput('15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'json', description: 'The timeline as JSON (action only: a GitLab dotenv report holds at most 5 KB; use --json).' },
    { name: 'markdown', description: 'The timeline as a Markdown table (action only).' },
    { name: 'current', description: 'The tag the environment runs now.' },
  ],
};

export const RELEASE: VerbSpec = {
  command: 'release',
  summary: 'Production promotion: the tag staging runs and verified → retag by digest (version + production-latest) → prod PR/MR → GitHub/GitLab release.',
  inputs: [
    ...ENV_REPO_INPUTS,
    TOKEN_INPUT,
    { name: 'app', type: 'string', required: true, description: 'App name (gitops.yaml apps.<app>).' },
    { name: 'tag', type: 'string', required: true, description: "The tag staging runs and verified, e.g. v1.3.0-rc.abc1234 (the seeds' staging_tag)." },
    { name: 'env', type: 'string', default: 'prod', description: 'The production environment (gitops.yaml apps.<app>.environments.<env>).' },
    {
      name: 'from-env',
      type: 'string',
      placeholder: '<env>',
      description: "The environment that must run and have verified the tag (default: the production environment's from, else staging).",
    },
    {
      name: 'version',
      type: 'string',
      placeholder: '<tag>',
      description: 'Release version (default: the tag without its pre-release part, v1.3.0-rc.abc1234 → v1.3.0).',
    },
    { name: 'image', type: 'string', placeholder: '<registry/repo>', description: 'Image name (default: gitops.yaml apps.<app>.image).' },
    {
      name: 'moving',
      type: 'list',
      default: 'production-latest',
      placeholder: '<tags>',
      description: 'Tags that follow every release (moved without force), comma-separated.',
    },
    { name: 'gitless', type: 'boolean', description: 'Retag only (Flux follows production-latest): no env repo change, no release.' },
    {
      name: 'digest-key',
      type: 'string',
      placeholder: '<yaml-path>',
      description:
        "YAML path of the image digest beside the tag (image.digest, images[name=…].digest): prod gets the digest too, and staging's pinned digest is what ships.",
    },
    ...TARGET_INPUTS,
    {
      name: 'depth',
      type: 'int',
      default: '30',
      range: LIMITS.depth,
      placeholder: '<n>',
      description: `Commits of staging's file history searched for the verification (${LIMITS.depth.min}…${LIMITS.depth.max}).`,
    },
    { name: 'create-release', type: 'boolean', default: 'true', description: "Create the GitHub/GitLab release with notes (the seeds' create_release)." },
    {
      name: 'release-repo',
      type: 'string',
      placeholder: '<owner/name>',
      description: "Repository of the release (default: this CI's repository, GITHUB_REPOSITORY / CI_PROJECT_PATH).",
    },
    {
      name: 'notes',
      type: 'string',
      placeholder: '<markdown>',
      description: 'Release notes (default: the conventional commits since the previous production tag, grouped, from the checkout).',
    },
    {
      name: 'dir',
      type: 'string',
      placeholder: '<path>',
      description: 'App repository checkout, for the notes and the release commit (default: the working directory).',
    },
    {
      name: 'sha',
      type: 'string',
      placeholder: '<sha>',
      description: "Commit of the release tag (default: the staging tag's commit, or the SHA an -rc.<sha7> tag names).",
    },
    { name: 'plain-http', type: 'boolean', description: 'Talk http to the registry (local registries).' },
    {
      name: 'registry-password',
      type: 'string',
      secret: true,
      faces: ['action'],
      description: 'Registry password or token (default REGISTRY_PASSWORD). Masked.',
    },
    { name: 'registry-username', type: 'string', faces: ['action'], description: 'Registry username (default REGISTRY_USERNAME).' },
    ...PULL_REQUEST_INPUTS,
    DRY_RUN_INPUT,
    deadlineInput('15m'),
    ...CLI_OUTPUT_INPUTS,
  ],
  outputs: [
    { name: 'version', description: 'The release version, e.g. v1.3.0.' },
    { name: 'digest', description: 'The digest shipped (what staging ran).' },
    { name: 'tags', description: 'The new image references, one per line.' },
    { name: 'previous-tag', description: 'What production ran before (empty with gitless).' },
    { name: 'changed', description: 'true when a tag, the env repo or a release was written.' },
    { name: 'commit-sha', description: 'The prod commit (the PR/MR branch head in pull-request mode).' },
    { name: 'pr-number', description: 'Prod pull/merge request number.' },
    { name: 'pr-url', description: 'Prod pull/merge request URL.' },
    { name: 'release-url', description: 'The GitHub/GitLab release.' },
  ],
};

export const VERBS: readonly VerbSpec[] = [PROMOTE, WAIT_HEALTHY, ROLLBACK, BUILD_TAG, RETAG, RELEASE, STATUS, HISTORY];
