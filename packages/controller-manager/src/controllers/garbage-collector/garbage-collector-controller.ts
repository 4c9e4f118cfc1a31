/** The garbage collector's descriptor: an informer on every resource that can take part in ownership feeds the graph. */
import { isTombstone, objectOf } from '@skiff/runtime';
import type { ControllerDescriptor } from '../../manager/controller-context.js';
import { GC_RESOURCES } from './gc-resources.js';
import { GarbageCollector } from './garbage-collector.js';

export const garbageCollectorController: ControllerDescriptor = {
  name: 'garbage-collector-controller',
  aliases: ['garbagecollector'],
  build(ctx) {
    const gc = new GarbageCollector({ client: ctx.client, workers: ctx.settings.concurrentGcSyncs, logger: ctx.logger, metrics: ctx.metrics, clock: ctx.clock });
    for (const res of GC_RESOURCES) {
      ctx.informers.forResource(res.ref).addEventHandler({
        onAdd: (obj) => gc.observe(res, obj),
        onUpdate: (_old, obj) => gc.observe(res, obj),
        onDelete: (obj) => {
          const uid = objectOf(obj).metadata?.uid;
          if (uid) gc.forget(uid);
          if (isTombstone(obj)) ctx.logger.debug({ key: obj.key }, 'object vanished across a relist');
        },
      });
    }
    return { start: () => gc.start(), stop: () => gc.stop() };
  },
};
