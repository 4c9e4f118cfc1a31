/**
 * The frame every Skiff component binary runs in: flags and an optional YAML config file, a pino
 * logger, the health and metrics server, and a graceful stop on SIGTERM/SIGINT.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parse as parseYaml } from 'yaml';
import { startHealthServer, type HealthServer } from './health-server.js';

/** Flags every component takes, named as the Kubernetes components name them. */
export interface CommonSettings {
  kubeconfig?: string;
  /** Address of the health and metrics server. */
  bindAddress: string;
  healthPort: number;
  logLevel: string;
}

/** What a component's `start` receives. */
export interface ComponentContext<S> {
  settings: CommonSettings & S;
  logger: Logger;
  metrics: Registry;
  /** Aborted when the component must stop. */
  signal: AbortSignal;
  /** Marks the component ready (caches synced, ...): /readyz answers 200 from then on. */
  setReady(ready: boolean): void;
}

export interface ComponentSpec<S> {
  name: string;
  /** Default port of the health and metrics server. */
  defaultHealthPort: number;
  /** The component's own flags (strings), with defaults; `--config FILE` (YAML) may set any of them too. */
  flags?: Record<string, string>;
  /** Turns the string settings of the component's own flags into typed ones. */
  settings(values: Record<string, string>): S;
  /** Starts the component; resolves with a stop function that finishes in-flight work. */
  start(ctx: ComponentContext<S>): Promise<() => Promise<void>>;
}

export interface RunningComponent {
  healthPort: number;
  /** Stops the component and its servers (what SIGTERM does). */
  stop(): Promise<void>;
}

/** Camel-case form of a flag name: `health-port` -> `healthPort`. */
function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Reads flags, then the YAML file `--config` names (flags given on the command line win). */
export async function loadSettings<S>(spec: ComponentSpec<S>, argv: string[]): Promise<CommonSettings & S> {
  const own = spec.flags ?? {};
  const options: Record<string, { type: 'string' }> = { config: { type: 'string' }, kubeconfig: { type: 'string' }, 'bind-address': { type: 'string' }, 'health-port': { type: 'string' }, 'log-level': { type: 'string' } };
  for (const name of Object.keys(own)) options[name] = { type: 'string' };
  const { values } = parseArgs({ args: argv, options, strict: true });
  const fromFile: Record<string, unknown> = values.config ? ((parseYaml(await readFile(values.config, 'utf8')) as Record<string, unknown> | null) ?? {}) : {};
  const pick = (name: string, fallback?: string): string | undefined => {
    const flag = (values as Record<string, string | undefined>)[name];
    if (flag !== undefined) return flag;
    const file = fromFile[camel(name)] ?? fromFile[name];
    return file === undefined || file === null ? fallback : String(file);
  };
  const healthPort = Number(pick('health-port', String(spec.defaultHealthPort)));
  if (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65535) throw new Error(`invalid --health-port ${pick('health-port')}`);
  const ownValues: Record<string, string> = {};
  for (const [name, fallback] of Object.entries(own)) ownValues[name] = pick(name, fallback)!;
  const common: CommonSettings = {
    bindAddress: pick('bind-address', '127.0.0.1')!,
    healthPort,
    logLevel: pick('log-level', 'info')!,
  };
  const kubeconfig = pick('kubeconfig');
  if (kubeconfig !== undefined) common.kubeconfig = kubeconfig;
  return { ...common, ...spec.settings(ownValues) };
}

/** Runs a component until `stop()` (or, with `handleSignals`, SIGTERM/SIGINT). */
export async function runComponent<S>(spec: ComponentSpec<S>, argv: string[], opts: { handleSignals?: boolean; logger?: Logger } = {}): Promise<RunningComponent> {
  const settings = await loadSettings(spec, argv);
  const logger = opts.logger ?? pino({ name: spec.name, level: settings.logLevel });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const abort = new AbortController();
  let ready = false;
  const health: HealthServer = await startHealthServer({
    host: settings.bindAddress,
    port: settings.healthPort,
    registry: metrics,
    healthy: () => !abort.signal.aborted,
    ready: () => ready && !abort.signal.aborted,
  });
  let stopComponent: (() => Promise<void>) | undefined;
  try {
    stopComponent = await spec.start({ settings, logger, metrics, signal: abort.signal, setReady: (r) => (ready = r) });
  } catch (err) {
    abort.abort();
    await health.close();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      logger.info('stopping');
      abort.abort();
      try {
        await stopComponent?.();
      } finally {
        await health.close();
      }
    })());
  if (opts.handleSignals) {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.once(sig, () => {
        stop().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'stop failed');
            process.exit(1);
          },
        );
      });
    }
  }
  logger.info({ healthPort: health.port }, 'started');
  return { healthPort: health.port, stop };
}
