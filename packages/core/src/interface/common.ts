/** Inputs and outputs several verbs share, so one name means one thing everywhere. */
import { LIMITS } from '../input-values.js';
import type { InputSpec } from './spec.js';

/** The env repo and how to reach it. */
export const ENV_REPO_INPUTS: readonly InputSpec[] = [
  {
    name: 'env-repo',
    type: 'string',
    required: true,
    placeholder: '<url|path>',
    description: 'Env repo: OWNER/NAME or GROUP/PROJECT (forge API, no clone), a git URL, or a local path.',
  },
  {
    name: 'forge',
    type: 'enum',
    options: ['git', 'github', 'gitlab'],
    description: "git (partial clone + push), github or gitlab (REST, no clone). Default: from the URL's host; OWNER/NAME means this CI's own forge.",
  },
  {
    name: 'api-url',
    type: 'string',
    placeholder: '<url>',
    description: "Forge REST base: https://HOST/api/v3 (GitHub Enterprise) or https://HOST/api/v4 (GitLab). Default: this CI's own API.",
  },
  {
    name: 'token-host',
    type: 'list',
    placeholder: '<host[,host]>',
    description: "Hosts (HOST or HOST:PORT) the env token may also go to, e.g. a self-hosted git server. By default it goes only to its forge's own hosts.",
  },
  { name: 'branch', type: 'string', description: 'Branch the environment tracks (default main).' },
];

/** The forge token an action passes in; the CLI and components read GITHUB_TOKEN / GITLAB_TOKEN. */
export const TOKEN_INPUT: InputSpec = {
  name: 'token',
  type: 'string',
  secret: true,
  faces: ['action'],
  default: '${{ github.token }}',
  description: 'Token for the env repo (GITHUB_TOKEN, or GITLAB_TOKEN with forge gitlab). Masked; never printed.',
};

export const APP_ENV_INPUTS: readonly InputSpec[] = [
  { name: 'app', type: 'string', required: true, description: 'App name (gitops.yaml apps.<app>).' },
  { name: 'env', type: 'string', required: true, description: 'Environment (gitops.yaml apps.<app>.environments.<env>).' },
];

export const TARGET_INPUTS: readonly InputSpec[] = [
  { name: 'file', type: 'string', placeholder: '<path>', description: 'File in the env repo holding the tag (default: from gitops.yaml).' },
  {
    name: 'key',
    type: 'string',
    placeholder: '<yaml-path>',
    description:
      'YAML path of the tag, e.g. image.tag, images[name=ghcr.io/acme/app].newTag, or spec.template.spec.containers[name=app].image, where only the tag of the image reference changes (default: from gitops.yaml, else image.tag).',
  },
  {
    name: 'mode',
    type: 'enum',
    options: ['push', 'pull-request'],
    description: 'Push a commit, or open a pull/merge request (default: from gitops.yaml, else push).',
  },
  { name: 'edit-anchor', type: 'boolean', description: 'Edit a value shared through a YAML anchor or merge key, for every place that uses it.' },
];

export const PULL_REQUEST_INPUTS: readonly InputSpec[] = [
  { name: 'labels', type: 'list', description: 'Pull/merge request labels, comma- or newline-separated.' },
  { name: 'reviewers', type: 'list', description: 'Pull/merge request reviewers, comma- or newline-separated.' },
];

export const DRY_RUN_INPUT: InputSpec = { name: 'dry-run', type: 'boolean', description: 'Print the diff; write nothing.' };

/** How results leave the CLI. The components always write the dotenv report. */
export const CLI_OUTPUT_INPUTS: readonly InputSpec[] = [
  { name: 'json', type: 'boolean', faces: ['cli'], description: 'Print one JSON object on stdout (logs go to stderr).' },
  { name: 'dotenv', type: 'string', faces: ['cli'], placeholder: '<file>', description: 'Also write the outputs as a dotenv file (GitLab reports:dotenv).' },
];

export function deadlineInput(defaultText: string): InputSpec {
  return { name: 'deadline', type: 'duration', description: `Give up on the whole run after this long (default ${defaultText}).` };
}

export { LIMITS };
