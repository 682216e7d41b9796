import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  MessageInput,
  MessageName,
  ProtoMessage,
  RegisterNodeRequest,
  ReplyOf,
  RequestInputOf,
  RequestOf,
  ServiceName,
  StreamMethod,
  UnaryMethod,
  UnaryMethods,
  Wire,
} from '../../src/rpc/messages.js';
import { PROTO_DIR, PROTO_FILES } from '../../src/rpc/proto.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED = join(ROOT, 'src/rpc/generated');

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

const text = (path: string) => readFileSync(path, 'utf8').replace(/\r\n/g, '\n');

describe('the types generated from proto/', () => {
  it('are what `npm run gen:proto` makes of proto/ now', () => {
    const out = mkdtempSync(join(tmpdir(), 'tsray-gen-proto-'));
    try {
      const run = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-proto.mjs'), out], { encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      const want = filesUnder(out);
      const have = filesUnder(GENERATED);
      const hint = 'proto/ changed without regenerating: run `npm run gen:proto` and commit src/rpc/generated/';
      expect(have, hint).toEqual(want);
      const stale = want.filter((f) => text(join(out, f)) !== text(join(GENERATED, f)));
      expect(stale, hint).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('cover the proto files the loader loads', () => {
    const onDisk = readdirSync(PROTO_DIR).filter((f) => f.endsWith('.proto')).sort();
    expect([...PROTO_FILES].sort()).toEqual(onDisk);
  });

  it('give every method its request and reply (checked by the compiler)', () => {
    expectTypeOf<StreamMethod>().toEqualTypeOf<'PubSubService.Subscribe' | 'ObjectManagerService.Pull'>();
    expectTypeOf<ServiceName>().toEqualTypeOf<
      'NodeInfoService' | 'JobService' | 'ActorService' | 'KVService' | 'PubSubService' | 'NodeManagerService' | 'CoreWorkerService' | 'ObjectManagerService'
    >();
    expectTypeOf<keyof UnaryMethods>().toEqualTypeOf<UnaryMethod>();
    expectTypeOf<'KVService.Get'>().toExtend<UnaryMethod>();
    expectTypeOf<'KVService.Nope'>().not.toExtend<UnaryMethod>();
    expectTypeOf<RequestOf<'NodeInfoService.RegisterNode'>>().toEqualTypeOf<RegisterNodeRequest>();
    expectTypeOf<ReplyOf<'ObjectManagerService.Pull'>['data']>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<RequestInputOf<'KVService.Put'>['value']>().toEqualTypeOf<Buffer | Uint8Array | string | undefined>();
    expectTypeOf<ProtoMessage<'NodeInfo'>['state']>().toEqualTypeOf<'ALIVE' | 'DEAD'>();
  });

  it('let a Wire message of every type pass as the serializer\'s input (checked by the compiler)', () => {
    type NotInput = { [N in MessageName]: Wire<ProtoMessage<N>> extends MessageInput<N> ? never : N }[MessageName];
    expectTypeOf<NotInput>().toEqualTypeOf<never>();
    // A decoded message may be sent on as it is (a record the GCS keeps, a relayed task).
    type DecodedNotInput = { [N in MessageName]: ProtoMessage<N> extends MessageInput<N> ? never : N }[MessageName];
    expectTypeOf<DecodedNotInput>().toEqualTypeOf<never>();
  });
});
