import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordBatch, Table, tableFromArrays } from 'apache-arrow';
import * as ray from '../../src/index.js';
import { echo } from '../fixtures/tasks.js';
import { sumColumn } from '../fixtures/arrays.js';


beforeAll(() => ray.init({ numCpus: 2, logToDriver: false }));
afterAll(() => ray.shutdown());

describe('Arrow values', () => {
  it('round-trips a small table inline', async () => {
    const t = tableFromArrays({ id: Int32Array.from([1, 2, 3]), name: ['a', 'b', 'c'] });
    const back = await ray.get(echo.remote(t)) as Table;
    expect(back).toBeInstanceOf(Table);
    expect(back.numRows).toBe(3);
    expect(back.getChild('name')!.toArray()).toEqual(['a', 'b', 'c']);
    expect(Array.from(back.getChild('id')!.toArray() as Int32Array)).toEqual([1, 2, 3]);
  });

  it('stores a large table in shared memory (IPC format) and reads it in threads and processes', async () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const t = tableFromArrays({ x, y: Int32Array.from({ length: n }, () => 1) });
    const earlier = await ray.objectStoreStats();
    const ref = ray.put(t);
    // One object in the store: the table's IPC bytes, written once.
    expect((await ray.objectStoreStats()).objects).toBe(earlier.objects + 1);
    const expected = (n * (n - 1)) / 2;
    expect(await ray.get(sumColumn.remote(ref, 'x'))).toBe(expected);
    expect(await ray.get(sumColumn.options({ isolation: 'process' }).remote(ref, 'y'))).toBe(n);
    const back = await ray.get(ref);
    expect(back.numRows).toBe(n);
    expect(back.getChild('x')!.get(n - 1)).toBe(n - 1);
  });

  it('round-trips a record batch as a record batch', async () => {
    const batch = tableFromArrays({ v: Float32Array.from([0.5, 1.5]) }).batches[0]!;
    const back = await ray.get(echo.remote(batch)) as RecordBatch;
    expect(back).toBeInstanceOf(RecordBatch);
    expect(back.numRows).toBe(2);
    expect(await ray.get(sumColumn.remote(batch, 'v'))).toBe(2);
  });
});
