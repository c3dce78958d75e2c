import { runPromote } from '../face/promote.js';
import { boolInput, input, listInput } from '../face/run.js';

await runPromote('pull-request', () => ({
  skipGate: boolInput('skip-gate'),
  templates: { commitMessage: input('commit-message'), prBranch: input('branch-name'), prTitle: input('title') },
  pullRequest: {
    labels: listInput('labels'),
    reviewers: listInput('reviewers'),
    assignees: listInput('assignees'),
    draft: boolInput('draft'),
    autoMerge: boolInput('auto-merge'),
  },
}));
