/**
 * Pure parsing behind GPU detection: what `nvidia-smi` prints, what `CUDA_VISIBLE_DEVICES`
 * allows, and what a node advertises from them. The process-spawning side is gpu-probe.ts.
 */

/** A GPU as `nvidia-smi` reports it. */
export interface DetectedGpu {
  /** The physical index: what `CUDA_VISIBLE_DEVICES` names by number. */
  readonly index: number;
  /** The product name, e.g. "NVIDIA H100 80GB HBM3". */
  readonly name: string;
  /** Total memory in MiB, when reported. */
  readonly memoryMiB?: number;
  /** "GPU-..." identifier, when reported (`CUDA_VISIBLE_DEVICES` may name devices by it). */
  readonly uuid?: string;
}

/** The arguments of the preferred query; parsed by `parseQueryGpu`. */
export const QUERY_GPU_ARGS = ['--query-gpu=index,name,memory.total,uuid', '--format=csv,noheader,nounits'] as const;

/**
 * Parses `nvidia-smi --query-gpu=index,name,memory.total[,uuid] --format=csv,noheader,nounits`.
 * Lines that do not start with an index are skipped, so warnings or garbage give no devices.
 */
export function parseQueryGpu(stdout: string): DetectedGpu[] {
  const out: DetectedGpu[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 2 || !/^\d+$/.test(fields[0]!)) continue;
    const index = Number(fields[0]);
    const rest = fields.slice(1);
    const uuid = rest.length > 1 && /^GPU-/i.test(rest[rest.length - 1]!) ? rest.pop() : undefined;
    // Memory may read "[N/A]" (some virtual GPUs); a name never ends in a bare number field.
    let memoryMiB: number | undefined;
    const last = rest[rest.length - 1]!;
    if (rest.length > 1 && (/^\d+(\.\d+)?$/.test(last) || /^\[.*\]$/.test(last))) {
      rest.pop();
      if (/^\d/.test(last)) memoryMiB = Number(last);
    }
    const name = rest.join(', ');
    if (name === '') continue;
    out.push({ index, name, ...(memoryMiB !== undefined && { memoryMiB }), ...(uuid !== undefined && { uuid }) });
  }
  return out;
}

/**
 * Parses `nvidia-smi -L`: "GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-...)". MIG instances, listed
 * indented under their GPU, are not devices of their own here.
 */
export function parseListGpus(stdout: string): DetectedGpu[] {
  const out: DetectedGpu[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^GPU (\d+): (.+?)(?: \(UUID: ([^)]+)\))?\s*$/.exec(line);
    if (!m) continue;
    out.push({ index: Number(m[1]), name: m[2]!.trim(), ...(m[3] !== undefined && { uuid: m[3] }) });
  }
  return out;
}

/**
 * The entries of `CUDA_VISIBLE_DEVICES`: undefined when it is unset (every device is visible),
 * empty when it hides them all ("" or "NoDevFiles", as CUDA and Ray read them).
 */
export function parseVisibleDevices(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || v === 'NoDevFiles') return [];
  return v.split(',').map((s) => s.trim());
}

/**
 * The detected devices that `CUDA_VISIBLE_DEVICES` leaves visible, in its order. Entries are
 * indices or (prefixes of) "GPU-" UUIDs. As in CUDA, the first entry that names no device ends
 * the list, so "0,7,1" on a 2-GPU machine leaves only device 0.
 */
export function narrowToVisible(gpus: readonly DetectedGpu[], visible: readonly string[] | undefined): DetectedGpu[] {
  if (visible === undefined) return [...gpus];
  const out: DetectedGpu[] = [];
  for (const entry of visible) {
    let found: DetectedGpu | undefined;
    if (/^\d+$/.test(entry)) {
      found = gpus.find((g) => g.index === Number(entry));
    } else if (/^GPU-/i.test(entry)) {
      const matches = gpus.filter((g) => g.uuid !== undefined && g.uuid.toLowerCase().startsWith(entry.toLowerCase()));
      found = matches.length === 1 ? matches[0] : undefined; // an ambiguous prefix names nothing
    }
    if (!found) break;
    if (!out.includes(found)) out.push(found);
  }
  return out;
}

/** Vendor product-line words that come before the model number in a GPU's name. */
const BRAND_WORDS = new Set(['GEFORCE', 'QUADRO', 'RTX', 'GTX']);

/**
 * The short model name of a GPU, for the node's `accelerator_type:<model>` resource. Ray's rule:
 * the leading capitals and digits of the word after the vendor ("NVIDIA H100 80GB HBM3" -> H100,
 * "Tesla V100-SXM2-16GB" -> V100). Product-line words are skipped so that "NVIDIA GeForce RTX
 * 4090" gives 4090 rather than Ray's "G".
 */
export function acceleratorTypeOf(name: string): string | undefined {
  const words = name.trim().split(/\s+/);
  let i = 1;
  while (i < words.length - 1 && BRAND_WORDS.has(words[i]!.toUpperCase())) i++;
  return /^[A-Z0-9]+/.exec(words[i] ?? '')?.[0];
}

/** The GPUs a node advertises and assigns. */
export interface NodeGpus {
  /** Device ids, assigned to tasks and set in their `CUDA_VISIBLE_DEVICES`. */
  readonly ids: number[];
  /** The model of the first visible device, when one was detected. */
  readonly acceleratorType?: string;
}

/**
 * The node's GPUs from what was detected (already narrowed by `CUDA_VISIBLE_DEVICES`) and the
 * count asked for (`numGpus`), which overrides detection: it takes the first detected devices,
 * and fake ids past them (the smallest unused numbers), so machines without GPUs can test.
 */
export function nodeGpus(detected: readonly DetectedGpu[], requested: number | undefined): NodeGpus {
  const n = requested ?? detected.length;
  const ids = detected.slice(0, n).map((g) => g.index);
  for (let next = 0; ids.length < n; next++) if (!ids.includes(next)) ids.push(next);
  const type = n > 0 && detected.length > 0 ? acceleratorTypeOf(detected[0]!.name) : undefined;
  return type === undefined ? { ids } : { ids, acceleratorType: type };
}

/** The resource name under which a node advertises its GPU model (Ray's). */
export function acceleratorResource(type: string): string {
  return `accelerator_type:${type}`;
}
