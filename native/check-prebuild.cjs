// Loads a prebuilt addon and uses it: a segment shared between two mappings, and an object put
// into and read back from a store arena. CI runs it under qemu for the linux-arm64 prebuild.
const shm = require(require('node:path').resolve(process.argv[2]));
const prefix = `/tsray-check-${process.pid}-`;
const segment = `${prefix}segment`;
try {
  new Uint8Array(shm.create(segment, 1 << 16))[5] = 42;
  const shared = new Uint8Array(shm.open(segment))[5];
  shm.storeCreate(prefix, 1 << 24);
  const index = shm.storePut('object', new Float64Array([1.5, 2.5]));
  const stored = Array.from(new Float64Array(shm.storeGet('object', index)));
  if (shared !== 42 || stored.join() !== '1.5,2.5') throw new Error(`read back ${shared} and ${stored}`);
  console.log(`prebuilt addon works on ${process.platform}-${process.arch} (node ${process.version})`);
} finally {
  shm.storeDetach();
  for (const name of [segment, `${prefix}arena`, `${prefix}store`]) shm.unlink(name);
}
