/** Periodic compaction like kube-apiserver's: each round compacts to the revision seen at the previous round. */
import { pino, type Logger } from 'pino';
import type { Store } from './interface.js';

/** kube-apiserver's default --etcd-compaction-interval: history stays watchable for 5 to 10 minutes. */
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60_000;

/** A store that can take part in kube-apiserver's compaction protocol (EtcdStore does). */
export interface CompactionCoordinator {
  compactRound(lastVersion: number, revisionToCompact: number): Promise<{ version: number; revision: number; compacted: boolean }>;
}

export interface CompactorOptions {
  intervalMs?: number;
  logger?: Logger;
}

export interface Compactor {
  /** Runs one round now (rounds never overlap); resolves with the revision compacted to, or 0. */
  runOnce(): Promise<number>;
  stop(): void;
}

function isCoordinator(store: Store): store is Store & CompactionCoordinator {
  return typeof (store as Partial<CompactionCoordinator>).compactRound === 'function';
}

/**
 * Compacts every `intervalMs`. With a coordinating store, API servers sharing an etcd agree
 * through a transaction on a shared key, so only one of them compacts per round; any other
 * store simply compacts to the revision it read at its previous round.
 */
export function startCompactor(store: Store, opts: CompactorOptions = {}): Compactor {
  const intervalMs = opts.intervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
  const log = opts.logger ?? pino({ level: 'silent' });
  let version = 0;
  let revision = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  async function round(): Promise<number> {
    if (isCoordinator(store)) {
      const target = revision;
      const r = await store.compactRound(version, target);
      version = r.version;
      revision = r.revision;
      if (r.compacted) {
        log.info({ revision: target }, 'compacted etcd history');
        return target;
      }
      return 0;
    }
    const current = await store.currentRevision();
    const target = revision;
    revision = current;
    if (target <= 0) return 0;
    await store.compact(target);
    log.info({ revision: target }, 'compacted etcd history');
    return target;
  }

  function runOnce(): Promise<number> {
    const next = chain.then(round);
    chain = next.catch(() => undefined);
    return next;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((err: unknown) => log.warn({ err }, 'compaction failed'))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  schedule();
  return {
    runOnce,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
