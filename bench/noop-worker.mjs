// The raw piscina baseline's task handler: the same no-op work as bench-tasks.ts `noop`.
export default function noop() {
  return 0;
}
