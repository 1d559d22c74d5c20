import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureContract } from '../test-support/capture-contract.ts';
import { storeContract } from '../test-support/store-contract.ts';
import { SqliteStore } from './sqlite-store.ts';

const open = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'factmark-sqlite-'));
  const store = new SqliteStore(dir);
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

storeContract('SQLite', open);
captureContract('SQLite', open);
