import { runActionFace } from '../face/run.js';

await runActionFace('open-promotion-pr');
