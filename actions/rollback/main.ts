import { tokenEnvName } from '../face/env-repo.js';
import { rollbackFromInputs, rollbackOutputs } from '../face/rollback.js';
import { runAction } from '../face/run.js';

await runAction(async (reporter) => ({ outputs: rollbackOutputs(await rollbackFromInputs(reporter)) }), tokenEnvName(), { what: 'rollback' });
