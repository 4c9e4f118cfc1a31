/** The default imagePullPolicy of a container, decided from its image reference as Kubernetes does. */

/** Path components of a repository name must be lower case (distribution/reference grammar). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A registry host, optionally with a port (e.g. `localhost:5000`, `registry.example.com`). */
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** What an image reference names: its tag and whether it pins a digest. */
export interface ImageReference {
  tag: string;
  digest: string;
}

/**
 * Splits `[domain/]path[:tag][@digest]`. Returns undefined for references that do not parse,
 * which Kubernetes treats as "no tag" when defaulting (validation rejects them later).
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (image === '') return undefined;
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag = '';
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  // The first part is a registry host when it looks like one (has a dot or port, or is localhost).
  if (parts.length > 1 && /[.:]|^localhost$|[A-Z]/.test(parts[0] ?? '')) {
    if (!DOMAIN.test(parts.shift() ?? '')) return undefined;
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  // A bare 64-hex-digit name would be mistaken for an image ID; the reference parser rejects it.
  if (parts.length === 1 && /^[a-f0-9]{64}$/.test(parts[0] ?? '')) return undefined;
  return { tag, digest };
}

/**
 * `Always` when the image's tag is `latest`, or when it has neither tag nor digest (the tag then
 * defaults to `latest`); `IfNotPresent` otherwise, including for references that do not parse.
 */
export function defaultImagePullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  const ref = typeof image === 'string' ? parseImageReference(image) : undefined;
  if (ref === undefined) return 'IfNotPresent';
  const tag = ref.tag === '' && ref.digest === '' ? 'latest' : ref.tag;
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}
