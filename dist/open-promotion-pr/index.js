import { start } from '../bundle/index.js';
await start('open-promotion-pr');
