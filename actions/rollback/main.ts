import { runActionFace } from '../face/run.js';

await runActionFace('rollback');
