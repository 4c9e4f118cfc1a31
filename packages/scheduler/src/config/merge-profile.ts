/** Reads one configured profile and merges it onto the default profile the way kube-scheduler does (per point, then multiPoint). */
import { detachedHandle, type Plugin, type PluginRef, type ProfilePlugins, type Registry } from '../framework/index.js';
import { DEFAULT_SCHEDULER_NAME, defaultProfile } from '../plugins/index.js';
import { optArray, optInteger, optObject, optString, rejectUnknownKeys, type RawObject } from './fields.js';
import { SchedulerConfigError, type SchedulerProfile } from './types.js';

/** The extension points the framework runs, in cycle order; each is also the method name a plugin implements for it. */
export const EXTENSION_POINTS = ['preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'bind'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** The pseudo extension point that enables a plugin at every point it implements. */
const MULTI_POINT = 'multiPoint';
/** `disabled: [{name: "*"}]` drops every default plugin of the point. */
const ALL_PLUGINS = '*';

interface EnabledEntry {
  ref: PluginRef;
  field: string;
}

interface PluginSet {
  enabled: EnabledEntry[];
  disabled: Set<string>;
}

/** Plugins built for checking which extension points they implement; built once per name per profile. */
class PluginProbe {
  private readonly instances = new Map<string, Plugin>();

  constructor(
    private readonly registry: Registry,
    private readonly args: Map<string, unknown>,
  ) {}

  implements(name: string, point: ExtensionPoint, field: string): boolean {
    let plugin = this.instances.get(name);
    if (!plugin) {
      try {
        plugin = this.registry[name]!(this.args.get(name), detachedHandle());
      } catch (err) {
        throw new SchedulerConfigError(field, `plugin "${name}" could not be built: ${(err as Error).message}`);
      }
      this.instances.set(name, plugin);
    }
    return typeof (plugin as unknown as Record<string, unknown>)[point] === 'function';
  }
}

function checkKnown(name: string, field: string, registry: Registry): void {
  if (!Object.hasOwn(registry, name)) throw new SchedulerConfigError(field, `unknown plugin "${name}"`);
}

function readPluginSet(raw: unknown, field: string, registry: Registry): PluginSet {
  const obj = optObject(raw, field) ?? {};
  rejectUnknownKeys(obj, field, ['enabled', 'disabled']);
  const enabled: EnabledEntry[] = [];
  const seen = new Set<string>();
  (optArray(obj.enabled, `${field}.enabled`) ?? []).forEach((item, i) => {
    const f = `${field}.enabled[${i}]`;
    const entry = optObject(item, f) ?? {};
    rejectUnknownKeys(entry, f, ['name', 'weight']);
    const name = optString(entry.name, `${f}.name`);
    if (!name) throw new SchedulerConfigError(`${f}.name`, 'required value');
    checkKnown(name, f, registry);
    if (seen.has(name)) throw new SchedulerConfigError(f, `duplicate plugin "${name}"`);
    seen.add(name);
    const weight = optInteger(entry.weight, `${f}.weight`, 0);
    enabled.push({ ref: weight === undefined ? { name } : { name, weight }, field: f });
  });
  const disabled = new Set<string>();
  (optArray(obj.disabled, `${field}.disabled`) ?? []).forEach((item, i) => {
    const f = `${field}.disabled[${i}]`;
    const entry = optObject(item, f) ?? {};
    rejectUnknownKeys(entry, f, ['name']);
    const name = optString(entry.name, `${f}.name`);
    if (!name) throw new SchedulerConfigError(`${f}.name`, 'required value');
    if (name !== ALL_PLUGINS) checkKnown(name, f, registry);
    disabled.add(name);
  });
  return { enabled, disabled };
}

/** Applies a set's disabled names, then its enabled plugins: a present plugin keeps its place and takes the new weight, a new one is appended. */
function applySet(list: PluginRef[], set: PluginSet, point: ExtensionPoint, accept: (e: EnabledEntry) => boolean): PluginRef[] {
  let out = set.disabled.has(ALL_PLUGINS) ? [] : list.filter((r) => !set.disabled.has(r.name));
  for (const e of set.enabled) {
    if (!accept(e)) continue;
    const ref: PluginRef = point === 'score' && e.ref.weight !== undefined ? { name: e.ref.name, weight: e.ref.weight } : { name: e.ref.name };
    const at = out.findIndex((r) => r.name === ref.name);
    if (at < 0) out = [...out, ref];
    else if (ref.weight !== undefined) out[at] = ref;
  }
  return out;
}

function readPluginConfig(raw: unknown, field: string, registry: Registry): { name: string; args: unknown }[] {
  const out: { name: string; args: unknown }[] = [];
  (optArray(raw, field) ?? []).forEach((item, i) => {
    const f = `${field}[${i}]`;
    const entry = optObject(item, f) ?? {};
    rejectUnknownKeys(entry, f, ['name', 'args']);
    const name = optString(entry.name, `${f}.name`);
    if (!name) throw new SchedulerConfigError(`${f}.name`, 'required value');
    checkKnown(name, f, registry);
    if (out.some((c) => c.name === name)) throw new SchedulerConfigError(f, `duplicate pluginConfig for plugin "${name}"`);
    out.push({ name, args: optObject(entry.args, `${f}.args`) });
  });
  return out;
}

function isPlainObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The default profile's pluginConfig with the configured entries laid over it: a configured plugin's args are shallow-
 * merged onto its default args (so fields left out keep their defaults, roughly as upstream's args defaulting does).
 */
function mergePluginConfig(defaults: { name: string; args: unknown }[], configured: { name: string; args: unknown }[]): { name: string; args: unknown }[] {
  const out = defaults.map((c) => ({ ...c }));
  for (const c of configured) {
    const at = out.findIndex((d) => d.name === c.name);
    if (at < 0) {
      out.push(c);
    } else {
      const base = out[at]!.args;
      out[at] = { name: c.name, args: isPlainObject(base) && isPlainObject(c.args) ? { ...base, ...c.args } : (c.args ?? base) };
    }
  }
  return out;
}

/**
 * Reads `profiles[index]` and merges it onto defaultProfile(): for every extension point the default plugins, minus
 * multiPoint's disabled ones, plus multiPoint's enabled plugins that implement the point; then the point's own
 * disabled (`*` clears the point) and enabled entries. The name defaults to default-scheduler only for a lone profile.
 */
export function mergeProfile(raw: unknown, index: number, registry: Registry, loneProfile: boolean): SchedulerProfile {
  const field = `profiles[${index}]`;
  const obj: RawObject = optObject(raw, field) ?? {};
  rejectUnknownKeys(obj, field, ['schedulerName', 'plugins', 'pluginConfig', 'percentageOfNodesToScore']);
  let schedulerName = optString(obj.schedulerName, `${field}.schedulerName`);
  if (!schedulerName) {
    if (!loneProfile) throw new SchedulerConfigError(`${field}.schedulerName`, 'required value');
    schedulerName = DEFAULT_SCHEDULER_NAME;
  }
  const defaults = defaultProfile(schedulerName);
  const pluginConfig = mergePluginConfig(defaults.pluginConfig ?? [], readPluginConfig(obj.pluginConfig, `${field}.pluginConfig`, registry));
  const probe = new PluginProbe(registry, new Map(pluginConfig.map((c) => [c.name, c.args])));

  const pluginsField = `${field}.plugins`;
  const plugins = optObject(obj.plugins, pluginsField) ?? {};
  for (const key of Object.keys(plugins)) {
    if (key !== MULTI_POINT && !(EXTENSION_POINTS as readonly string[]).includes(key)) {
      throw new SchedulerConfigError(`${pluginsField}.${key}`, `unsupported extension point (supported: ${MULTI_POINT}, ${EXTENSION_POINTS.join(', ')})`);
    }
  }
  const multi = readPluginSet(plugins[MULTI_POINT], `${pluginsField}.${MULTI_POINT}`, registry);
  for (const e of multi.enabled) {
    if (!EXTENSION_POINTS.some((p) => probe.implements(e.ref.name, p, e.field))) {
      throw new SchedulerConfigError(e.field, `plugin "${e.ref.name}" implements none of the extension points ${EXTENSION_POINTS.join(', ')}`);
    }
  }

  const merged: ProfilePlugins = {};
  for (const point of EXTENSION_POINTS) {
    const own = readPluginSet(plugins[point], `${pluginsField}.${point}`, registry);
    let list = (defaults.plugins[point] ?? []).map((r) => ({ ...r }));
    list = applySet(list, multi, point, (e) => probe.implements(e.ref.name, point, e.field));
    list = applySet(list, own, point, (e) => {
      if (!probe.implements(e.ref.name, point, e.field)) {
        throw new SchedulerConfigError(e.field, `plugin "${e.ref.name}" does not implement the ${point} extension point`);
      }
      return true;
    });
    merged[point] = list;
  }

  const profile: SchedulerProfile = { schedulerName, plugins: merged, pluginConfig };
  const percentage = optInteger(obj.percentageOfNodesToScore, `${field}.percentageOfNodesToScore`, 0, 100);
  if (percentage !== undefined) profile.percentageOfNodesToScore = percentage;
  return profile;
}
