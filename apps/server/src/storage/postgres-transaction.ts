/** One PostgreSQL transaction on a pooled connection, shared by the document store and the capture store. */
import type pg from 'pg';

/** Run `run` between BEGIN and COMMIT on one pooled connection; rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await run(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
