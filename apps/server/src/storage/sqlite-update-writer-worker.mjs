// The update writer's thread (see sqlite-update-writer.ts). Node runs a worker's entry as JavaScript: this file
// registers tsx's loader on the thread (the server's own is registered on its main thread only), then loads the
// thread's TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-update-writer-thread.ts');
