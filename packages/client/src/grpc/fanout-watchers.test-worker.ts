/** Test helper, run in a worker thread: many gRPC watchers of one collection, reporting what each received. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ResourceRef } from '../interface.js';
import { GrpcResourceClient } from './grpc-resource-client.js';

export interface FanoutWorkerData {
  address: string;
  resource: ResourceRef;
  namespace: string;
  resourceVersion: string;
  watchers: number;
  /** Events each watcher reads before it stops. */
  events: number;
}

export type FanoutWorkerMessage =
  | { kind: 'ready' }
  /** Each distinct sequence of `type resourceVersion name` lines and how many watchers received exactly it. */
  | { kind: 'done'; sequences: [string, number][] }
  | { kind: 'error'; message: string };

const data = workerData as FanoutWorkerData;
const post = (message: FanoutWorkerMessage) => parentPort!.postMessage(message);
const client = new GrpcResourceClient({ address: data.address });
try {
  const watches = await Promise.all(Array.from({ length: data.watchers }, () => client.watch(data.resource, data.namespace, { resourceVersion: data.resourceVersion })));
  post({ kind: 'ready' });
  const sequences = await Promise.all(
    watches.map(async (watch) => {
      const seen: string[] = [];
      try {
        for await (const event of watch) {
          seen.push(`${event.type} ${event.object.metadata?.resourceVersion} ${event.object.metadata?.name}`);
          if (seen.length === data.events) break;
        }
      } finally {
        watch.stop();
      }
      return seen.join('\n');
    }),
  );
  const counts = new Map<string, number>();
  for (const s of sequences) counts.set(s, (counts.get(s) ?? 0) + 1);
  post({ kind: 'done', sequences: [...counts] });
} catch (err) {
  post({ kind: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
} finally {
  await client.close();
}
