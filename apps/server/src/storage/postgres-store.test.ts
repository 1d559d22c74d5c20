import { randomBytes } from 'node:crypto';
import { captureContract } from '../test-support/capture-contract.ts';
import { storeContract } from '../test-support/store-contract.ts';
import { PostgresStore } from './postgres-store.ts';

/**
 * Runs against the PostgreSQL the machine provides (127.0.0.1:5432, database
 * `test`, or TEST_DATABASE_URL), each test in a schema of its own. When the
 * server is not there these tests fail: they are never skipped.
 */
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const open = async () => {
  const schema = `factmark_test_${randomBytes(6).toString('hex')}`;
  const store = await PostgresStore.open(url, schema);
  return {
    store,
    dispose: async () => {
      await store.dropSchema(schema);
      await store.close();
    },
  };
};

storeContract('Postgres', open);
captureContract('Postgres', open);
