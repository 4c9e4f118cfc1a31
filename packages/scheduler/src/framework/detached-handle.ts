/** A handle for plugins built outside a framework (e.g. to probe which extension points they implement). */
import type { FrameworkHandle, FrameworkRunner } from './interface.js';

function notAttached(): never {
  throw new Error('the plugin is not attached to a framework');
}

const detachedRunner: FrameworkRunner = {
  runFilterPluginsWithNominatedPods: notAttached,
  runPreFilterExtensionAddPod: notAttached,
  runPreFilterExtensionRemovePod: notAttached,
};

/** A handle with no nodes, no nominator and no API; its runners throw. */
export function detachedHandle(): FrameworkHandle {
  return { snapshot: () => [], framework: detachedRunner };
}
