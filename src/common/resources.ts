/** Resource amounts by name: `{ CPU: 2, GPU: 0.5, TPU: 1, memory: 1e9 }`. */
export type ResourceMap = Record<string, number>;
