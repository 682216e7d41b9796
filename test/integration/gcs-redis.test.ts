import { gcsFaultToleranceSuite } from '../fixtures/gcs-ft-suite.js';

// GCS fault tolerance with the tables in a real redis-server: kill -9 of the GCS mid-workload,
// restarts against the same Redis, a Redis crash and restart.
gcsFaultToleranceSuite('redis');
