import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, bottom to top. A folder may import from its own layer and the layers below
 * it, never from one above, and folders never import each other in a loop (within a layer
 * either). A new folder fails this test until it is placed here: decide what it may depend on.
 * A file directly in src/ is its own "folder", named by its file name.
 */
const LAYERS: ReadonlyArray<ReadonlyArray<string>> = [
  // The vocabulary every layer speaks: errors, ids, ObjectRef and the handle classes, the thread protocol, the CoreWorker contract, per-thread state.
  ['common'],
  // Who may call: the cluster token and the TLS settings, which every server and client checks.
  ['auth'],
  // Building blocks over the vocabulary alone: gRPC plumbing and wire types, pure placement policies, the shared-memory store, job code packages.
  ['rpc', 'scheduler', 'objectstore', 'runtime-env'],
  // Values to bytes and back (refs, handles, errors, arrays written out of band into the store).
  ['serialization'],
  // Components below the core worker: the GCS (server, client, tables), the raylet (resources, scheduler, worker pool), node folders and daemon launching.
  ['gcs', 'raylet', 'cluster'],
  // The core worker: ownership, object table, task, actor and placement-group managers, driver and worker-thread core workers, worker requests, the function registry.
  ['core'],
  // The object manager: moves objects between nodes for its node's object table.
  ['objectmanager'],
  // Work across nodes: tasks and actor calls sent to other nodes and run for them, bundle reservations.
  ['remote'],
  // Jobs: the head's job server (Ray's Jobs REST API, records in the GCS KV, entrypoint processes) and its client SDK (`tsray/jobs`).
  ['jobs'],
  // Process entries composing the components: a worker (runtime/: thread and process workers), a node (node/: the raylet daemon), the head (head/: the GCS and dashboard processes).
  ['runtime', 'node', 'head'],
  // The tsray command: starts, stops and inspects the processes above.
  ['cli'],
  // The public API's implementation (init, remote, get/put/wait, actors, placement groups).
  ['api'],
  // The package's entry: the public API, re-exported.
  ['index.ts'],
];

/** One import of one file: where it is, what it says, and the src/ file it reaches. */
interface ImportEdge {
  /** Importing file, relative to src/ with '/' separators. */
  from: string;
  /** Imported file, relative to src/. */
  to: string;
  /** The specifier as written. */
  specifier: string;
  line: number;
}

/** The folder of a src/-relative path (its first segment), or the file's name for a file in src/ itself. */
function folderOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? path : path.slice(0, i);
}

/**
 * Every violation of the layering in `edges`: folders missing from `layers`, imports from a
 * lower layer to a higher one, and loops between folders. Empty when the graph is layered.
 */
function layeringProblems(edges: readonly ImportEdge[], folders: Iterable<string>, layers: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const problems: string[] = [];
  const layerOf = new Map<string, number>();
  layers.forEach((layer, i) => {
    for (const f of layer) {
      if (layerOf.has(f)) problems.push(`folder ${f} is listed in two layers`);
      layerOf.set(f, i);
    }
  });
  const present = new Set(folders);
  for (const f of present) {
    if (!layerOf.has(f)) problems.push(`src/${f} is in no layer: add it to LAYERS in test/unit/layering.test.ts, where what it may import is decided`);
  }
  for (const f of layerOf.keys()) if (!present.has(f)) problems.push(`LAYERS lists ${f}, which is not in src/`);
  const between = new Map<string, ImportEdge[]>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === b) continue;
    const la = layerOf.get(a);
    const lb = layerOf.get(b);
    if (la !== undefined && lb !== undefined && lb > la) {
      problems.push(`src/${e.from}:${e.line} imports '${e.specifier}' (src/${e.to}): ${a} (layer ${la}) may not import from ${b} (layer ${lb}, above it)`);
    }
    const key = `${a}\0${b}`;
    let list = between.get(key);
    if (!list) between.set(key, (list = []));
    list.push(e);
  }
  for (const cycle of folderCycles(between)) {
    const steps = cycle.map((a, i) => {
      const b = cycle[(i + 1) % cycle.length]!;
      const e = between.get(`${a}\0${b}`)![0]!;
      return `${a} -> ${b} (src/${e.from}:${e.line} imports '${e.specifier}')`;
    });
    problems.push(`import cycle between folders: ${steps.join(', ')}`);
  }
  return problems;
}

/** One loop per group of folders that reach each other (Tarjan's strongly connected components). */
function folderCycles(between: Map<string, ImportEdge[]>): string[][] {
  const next = new Map<string, string[]>();
  for (const key of between.keys()) {
    const [a, b] = key.split('\0') as [string, string];
    if (!next.has(a)) next.set(a, []);
    if (!next.has(b)) next.set(b, []);
    next.get(a)!.push(b);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group);
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  // A loop through the group, to name in the message: a shortest path back to its first folder.
  return groups.map((group) => loopThrough(group.sort(), next));
}

function loopThrough(group: string[], next: Map<string, string[]>): string[] {
  const start = group[0]!;
  const members = new Set(group);
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v)!) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return path;
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return group;
}

/**
 * The imports of every source file under `srcDir` that reach another file there: static imports
 * (`import type` too), `export ... from`, `import('...')` with a literal and `typeof import('...')`.
 */
function importGraph(srcDir: string): { files: string[]; edges: ImportEdge[] } {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(srcDir);
  const rel = (p: string): string => relative(srcDir, p).split(sep).join('/');
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (spec: ts.Expression | undefined): void => {
      if (!spec || !ts.isStringLiteralLike(spec) || !spec.text.startsWith('.')) return;
      let target = resolve(dirname(file), spec.text);
      if (!existsSync(target) && target.endsWith('.js') && existsSync(`${target.slice(0, -3)}.ts`)) target = `${target.slice(0, -3)}.ts`;
      const to = rel(target);
      if (to.startsWith('..')) return; // outside src/ (package.json, native/, proto/)
      edges.push({ from: rel(file), to, specifier: spec.text, line: source.getLineAndCharacterOfPosition(spec.getStart()).line + 1 });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
      else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { files: files.map(rel), edges };
}

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

describe('the layering of src/', () => {
  it('has every folder in a layer, no import from a lower layer to a higher one, and no import cycle between folders', () => {
    const { files, edges } = importGraph(SRC);
    expect(edges.length).toBeGreaterThan(100);
    expect(layeringProblems(edges, files.map(folderOf), LAYERS)).toEqual([]);
  });

});

describe('importGraph', () => {
  it('reads type-only imports, re-exports, side-effect imports and dynamic imports, and skips packages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsray-layering-'));
    try {
      for (const f of ['b/x.ts', 'c/y.ts', 'd/z.ts', 'e/w.ts', 'f/v.ts', 'g/u.mjs']) {
        mkdirSync(join(dir, dirname(f)), { recursive: true });
        writeFileSync(join(dir, f), 'export const v = 1;\n');
      }
      writeFileSync(join(dir, 'a.ts'), [
        "import { readFileSync } from 'node:fs';",
        "import type { X } from './b/x.js';",
        "export { y } from './c/y.js';",
        "const z = await import('./d/z.js');",
        "type W = typeof import('./e/w.js');",
        "import './f/v.js';",
        "import './g/u.mjs';",
      ].join('\n'));
      const { files, edges } = importGraph(dir);
      expect(files.sort()).toEqual(['a.ts', 'b/x.ts', 'c/y.ts', 'd/z.ts', 'e/w.ts', 'f/v.ts', 'g/u.mjs']);
      expect(edges.map((e) => `${e.from}:${e.line} -> ${e.to}`)).toEqual([
        'a.ts:2 -> b/x.ts', 'a.ts:3 -> c/y.ts', 'a.ts:4 -> d/z.ts', 'a.ts:5 -> e/w.ts', 'a.ts:6 -> f/v.ts', 'a.ts:7 -> g/u.mjs',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('layeringProblems (the checker itself)', () => {
  const layers = [['low'], ['mid1', 'mid2'], ['top']];
  const edge = (from: string, to: string, line = 1): ImportEdge => ({ from, to, specifier: `../${to.replace(/\.ts$/, '.js')}`, line });
  const folders = ['low', 'mid1', 'mid2', 'top'];

  it('accepts imports down and within a layer', () => {
    expect(layeringProblems([edge('top/a.ts', 'mid1/b.ts'), edge('mid1/b.ts', 'mid2/c.ts'), edge('mid2/c.ts', 'low/d.ts'), edge('low/d.ts', 'low/e.ts')], folders, layers)).toEqual([]);
  });

  it('names the file and the import that climbs to a higher layer', () => {
    const problems = layeringProblems([edge('low/d.ts', 'top/a.ts', 7)], folders, layers);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("src/low/d.ts:7 imports '../top/a.js' (src/top/a.ts)");
    expect(problems[0]).toContain('low (layer 0) may not import from top (layer 2');
  });

  it('finds a cycle between folders of one layer, naming an import on each step', () => {
    const problems = layeringProblems([edge('mid1/b.ts', 'mid2/c.ts', 3), edge('mid2/c.ts', 'mid1/x.ts', 4)], folders, layers);
    expect(problems).toEqual([
      "import cycle between folders: mid1 -> mid2 (src/mid1/b.ts:3 imports '../mid2/c.js'), mid2 -> mid1 (src/mid2/c.ts:4 imports '../mid1/x.js')",
    ]);
  });

  it('finds a longer cycle as well as the upward import closing it', () => {
    const problems = layeringProblems([edge('top/a.ts', 'mid1/b.ts'), edge('mid1/b.ts', 'low/d.ts'), edge('low/d.ts', 'top/a.ts')], folders, layers);
    expect(problems.some((p) => p.includes('low (layer 0) may not import from top'))).toBe(true);
    expect(problems.filter((p) => p.startsWith('import cycle'))).toHaveLength(1);
    expect(problems.find((p) => p.startsWith('import cycle'))).toMatch(/low -> top .* top -> mid1 .* mid1 -> low/);
  });

  it('fails for a folder that is in no layer, and for a layer entry that is no folder', () => {
    expect(layeringProblems([], [...folders, 'jobs'], layers)).toEqual([
      'src/jobs is in no layer: add it to LAYERS in test/unit/layering.test.ts, where what it may import is decided',
    ]);
    expect(layeringProblems([], ['low', 'mid1', 'top'], layers)).toEqual(['LAYERS lists mid2, which is not in src/']);
  });
});
