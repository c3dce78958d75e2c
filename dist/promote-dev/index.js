import { start } from '../bundle/index.js';
await start('promote-dev');
