/** Key helpers: the etcd range of a prefix and the resource label of a key. */

/** The etcd `range_end` that covers every key starting with `prefix` (the prefix with its last byte incremented). */
export function prefixEnd(prefix: string | Buffer): Buffer {
  const bytes = Buffer.from(prefix);
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] = end[i]! + 1;
      return end;
    }
  }
  // Every byte is 0xff (or the prefix is empty): "\0" as range_end means "to the end of the keyspace".
  return Buffer.from([0]);
}

/** Number of path segments that name a resource in `/registry/<group>/<resource>/...`. */
const RESOURCE_SEGMENTS = 3;

/**
 * The metrics label for a key: its resource prefix, e.g. `/registry/core/pods/` for
 * `/registry/core/pods/default/web`. Keys with fewer segments are labelled by themselves.
 */
export function resourceLabel(key: string): string {
  let pos = 0;
  for (let n = 0; n <= RESOURCE_SEGMENTS; n++) {
    const slash = key.indexOf('/', pos);
    if (slash < 0) return key;
    pos = slash + 1;
  }
  return key.slice(0, pos);
}
