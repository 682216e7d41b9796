import { gcsFaultToleranceSuite } from '../fixtures/gcs-ft-suite.js';

// The GCS fault-tolerance suite with the in-memory backend: everything that does not need the
// GCS's tables to survive its restart (those tests run only in gcs-redis.test.ts).
gcsFaultToleranceSuite('memory');
