/** Prometheus metrics: documents and connections, updates stored, refusals by reason, and the time storage and the gate take. */
import type { Hocuspocus } from '@hocuspocus/server';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics (served as text at /metrics). */
export class Metrics {
  readonly registry = new Registry();
  readonly updates = new Counter({
    name: 'factmark_updates_total',
    help: 'Yjs updates applied and stored (rate() gives updates per second)',
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'factmark_rejected_updates_total',
    help: 'Incoming sync messages refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly storageWrite = new Histogram({
    name: 'factmark_storage_write_seconds',
    help: 'Time to store one update durably',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly gate = new Histogram({
    name: 'factmark_gate_seconds',
    help: 'Time the update gate takes to judge one incoming update',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });

  constructor(hocuspocus: () => Hocuspocus) {
    new Gauge({
      name: 'factmark_connections',
      help: 'Open sync connections',
      registers: [this.registry],
      collect() {
        this.set(hocuspocus().getConnectionsCount());
      },
    });
    new Gauge({
      name: 'factmark_documents_loaded',
      help: 'Documents held in memory',
      registers: [this.registry],
      collect() {
        this.set(hocuspocus().getDocumentsCount());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'factmark_' });
  }
}
