import { input, runAction } from '../face/run.js';
import { rollbackFromInputs, rollbackOutputs } from '../face/rollback.js';

await runAction(async (reporter) => ({ outputs: rollbackOutputs(await rollbackFromInputs(reporter)) }), input('forge') === 'gitlab' ? 'GITLAB_TOKEN' : 'GITHUB_TOKEN');
