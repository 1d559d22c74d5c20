// The worker thread's entry for `sync-storage-server.ts`: Node runs a worker's entry as JavaScript, so this file
// registers tsx's loader on the thread (hooks given with --import reach only the main thread on Node 20), then loads
// the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./sync-storage-server.ts');
