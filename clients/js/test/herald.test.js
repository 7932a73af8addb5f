// Everything that needs a real Herald, against one `herald serve` process (restarted by the last suite).
import { after } from 'node:test';
import { disposeHeraldServer } from './support/shared-server.js';
import './herald/subscriptions.js';
import './herald/user-stream.js';
import './herald/tokens.js';
import './herald/restart.js';

after(disposeHeraldServer);
