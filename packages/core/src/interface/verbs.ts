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

export const PROMOTE: VerbSpec = {
  command: 'promote',
  summary: 'Set one environment of one app to an image tag, by a commit or a pull/merge request.',
  inputs: [
    ...ENV_REPO_INPUTS,
    TOKEN_INPUT,
    ...APP_ENV_INPUTS,
    { name: 'tag', type: 'string', required: true, description: 'Image tag to deploy, e.g. v1.2.3.' },
    ...TARGET_INPUTS,
    { name: 'tag-pattern', type: 'regex', placeholder: '<regex>', description: 'Refuse tags that do not match this regular expression.' },
    { name: 'allow-downgrade', type: 'boolean', description: 'Allow a tag older than the one the environment runs.' },
    { name: 'skip-precondition', type: 'boolean', description: 'Promote even when the `from` environment does not run the tag (verified).' },
    { name: 'force', type: 'boolean', description: 'Promote a tag that failed verification or was rolled back in this environment.' },
    DRY_RUN_INPUT,
    { name: 'commit-message', type: 'string', placeholder: '<template>', description: 'Commit message template: {app} {env} {tag} {from} (default {env}({app}): {tag}).' },
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
    { name: 'previous-tag', description: 'The tag the environment ran before.' },
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
    { name: 'to', type: 'string', placeholder: '<tag>', description: 'Roll back to this tag instead of the last verified one.' },
    { name: 'failed-tag', type: 'string', placeholder: '<tag>', description: 'The tag that failed: when the environment no longer runs it, nothing is done.' },
    ...TARGET_INPUTS,
    { name: 'force', type: 'boolean', description: 'Roll back to a `to` tag that never ran in this environment.' },
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
    { name: 'source', description: 'verified (the last tag a gate passed), history (the previous tag; no record found) or explicit (to).' },
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
    { name: 'degraded-grace', type: 'duration', description: 'How long Degraded may last after our sync before failing (e.g. 30s).' },
    { name: 'missing-grace', type: 'duration', description: 'How long Missing may last before failing.' },
    { name: 'suspended', type: 'enum', options: ['pass', 'fail', 'wait'], description: 'What Suspended means.' },
    { name: 'flux-kind', type: 'enum', options: ['Kustomization', 'HelmRelease'], description: 'Flux object kind.' },
    { name: 'flux-name', type: 'string', placeholder: '<name>', description: 'Flux object name.' },
    { name: 'flux-namespace', type: 'string', placeholder: '<ns>', description: 'Flux object namespace (default flux-system).' },
    { name: 'flux-reconcile', type: 'boolean', description: 'Request a reconcile first (reconcile.fluxcd.io/requestedAt).' },
    {
      name: 'helm-retries',
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
        ? { ...i, required: false, description: 'Env repo, to record the verdict on the commit (commit status gitops/<app>/<env>), read gitops.yaml and roll back.' }
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

export const VERBS: readonly VerbSpec[] = [PROMOTE, WAIT_HEALTHY, ROLLBACK];
