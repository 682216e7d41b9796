#!/usr/bin/env node
// Generates the TypeScript types of the messages and services in proto/ into src/rpc/generated/
// (`npm run gen:proto`), with @grpc/proto-loader's generator and the options src/rpc/proto.ts
// loads the protos with: camelCase fields, int64 as number, enums as their names, defaults
// filled in, oneofs named; proto/'s comments become doc comments. src/rpc/messages.ts derives
// tsray's message and method types from these. test/unit/proto-types.test.ts runs this script
// into a temporary folder and fails when the committed files differ, so proto/ and the types
// cannot drift apart.
//
// Usage: node scripts/gen-proto.mjs [outDir]   (outDir defaults to src/rpc/generated; it is emptied first)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(ROOT, 'src/rpc/generated'));
const generator = createRequire(import.meta.url).resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js');
const protos = readdirSync(join(ROOT, 'proto')).filter((f) => f.endsWith('.proto')).sort();

const BANNER = '// Generated from proto/ by `npm run gen:proto` (scripts/gen-proto.mjs): do not edit.\n';

rmSync(outDir, { recursive: true, force: true });
const args = [
  generator,
  '--longs=Number',
  '--enums=String',
  '--defaults',
  '--oneofs',
  // proto/'s comments become the fields' doc comments (so a comment edit there needs a regeneration too).
  '--includeComments',
  '--grpcLib=@grpc/grpc-js',
  '--importFileExtension=.js',
  // Relative to ROOT (the cwd below), so each file's "Original file: proto/..." line is the same on every machine.
  '--includeDirs=proto',
  `--outDir=${outDir}`,
  ...protos,
];
const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status ?? 1);
}

/** Every generated file gets the banner, so no one edits one by hand. */
function stamp(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) stamp(path);
    else writeFileSync(path, BANNER + readFileSync(path, 'utf8'));
  }
}
stamp(outDir);
