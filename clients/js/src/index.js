export { HeraldClient } from './client.js';
