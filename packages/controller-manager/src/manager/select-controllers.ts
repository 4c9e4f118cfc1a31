/** `--controllers` as kube-controller-manager reads it: `*` turns on the default set, `name` enables, `-name` disables. */
import type { ControllerDescriptor } from './controller-context.js';

/** The descriptors to run, in their given order; an unknown name is an error naming the known ones. */
export function selectControllers(flag: readonly string[], all: readonly ControllerDescriptor[]): ControllerDescriptor[] {
  const byName = new Map<string, ControllerDescriptor>();
  for (const d of all) for (const n of [d.name, ...(d.aliases ?? [])]) byName.set(n, d);
  const enabled = new Set<ControllerDescriptor>();
  const disabled = new Set<ControllerDescriptor>();
  let star = false;
  for (const entry of flag) {
    if (entry === '*') {
      star = true;
      continue;
    }
    const off = entry.startsWith('-');
    const d = byName.get(off ? entry.slice(1) : entry);
    if (!d) throw new Error(`"${entry}" is not in the list of known controllers: ${all.map((x) => x.name).join(', ')}`);
    (off ? disabled : enabled).add(d);
  }
  return all.filter((d) => !disabled.has(d) && (enabled.has(d) || (star && d.enabledByDefault !== false)));
}
