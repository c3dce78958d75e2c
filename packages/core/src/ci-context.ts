/**
 * What the CI run around us tells: links to the source commit and to the run, for PR bodies,
 * commit statuses and summaries. Reads GitHub Actions' and GitLab CI's predefined variables
 * from the environment map it is given (the faces pass process.env).
 */
export interface CiLinks {
  source?: string;
  run?: string;
}

type Env = Record<string, string | undefined>;

export function ciLinks(env: Env): CiLinks {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    const repo = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
    return {
      source: env.GITHUB_SHA ? `${repo}/commit/${env.GITHUB_SHA}` : undefined,
      run: env.GITHUB_RUN_ID ? `${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    };
  }
  if (env.GITLAB_CI === 'true' && env.CI_PROJECT_URL) {
    return {
      source: env.CI_COMMIT_SHA ? `${env.CI_PROJECT_URL}/-/commit/${env.CI_COMMIT_SHA}` : undefined,
      run: env.CI_JOB_URL ?? env.CI_PIPELINE_URL,
    };
  }
  return {};
}
