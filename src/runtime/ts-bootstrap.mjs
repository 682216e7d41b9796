// Entry of worker threads when tsray runs from its TypeScript source (development and tests):
// registers tsx's loader in the thread, then loads the real entry. Compiled builds use
// thread-worker.js directly.
import { register } from 'tsx/esm/api';

register();
globalThis[Symbol.for('tsray.tsLoader')] = true;
const entry = await import('./thread-worker.ts');
export default entry.default;
