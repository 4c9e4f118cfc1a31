/** Media types: what a client accepts (Table, aggregated discovery) and how request bodies decode. */
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '@skiff/api';
import { parse as parseYaml } from 'yaml';

/** kube-apiserver's limit for a request body. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

/** Parses an Accept header into media ranges, in the client's order. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const out: Record<string, string> = {};
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq > 0) out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params: out };
  });
}

/** True when the client asked for a meta.k8s.io Table (before any plain JSON alternative). */
export function wantsTable(accept: MediaRange[]): boolean {
  for (const m of accept) {
    if (m.params.as === 'Table' && m.params.g === 'meta.k8s.io' && (m.params.v === 'v1' || m.params.v === 'v1beta1')) return true;
    if (m.type === 'application/json' && !m.params.as) return false;
  }
  return false;
}

/** The aggregated discovery version the client asked for first (`v2` or `v2beta1`), if any. */
export function aggregatedDiscoveryVersion(accept: MediaRange[]): 'v2' | 'v2beta1' | undefined {
  for (const m of accept) {
    if (m.params.as === 'APIGroupDiscoveryList' && m.params.g === 'apidiscovery.k8s.io') {
      if (m.params.v === 'v2' || m.params.v === 'v2beta1') return m.params.v;
    }
    if (m.type === 'application/json' && !m.params.as) return undefined;
  }
  return undefined;
}

/** The bare media type of a Content-Type header. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Decodes a request body by its media type: JSON, YAML, or a patch type (JSON; apply may be YAML). */
export function decodeBody(raw: Buffer | undefined, contentType: string | undefined): unknown {
  if (raw && raw.length > MAX_REQUEST_BODY_BYTES) throw requestEntityTooLarge(MAX_REQUEST_BODY_BYTES);
  const type = mediaTypeOf(contentType);
  const text = raw ? raw.toString('utf8') : '';
  if (text.trim() === '') return undefined;
  switch (type) {
    case '':
    case 'application/json':
    case 'application/json-patch+json':
    case 'application/merge-patch+json':
    case 'application/strategic-merge-patch+json':
      return parseJson(text);
    case 'application/yaml':
    case 'application/apply-patch+yaml':
      return parseYamlDocument(text);
    default:
      throw unsupportedMediaType(contentType ?? '');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function parseYamlDocument(text: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (err) {
    throw badRequest(`error converting YAML to JSON: yaml: ${(err as Error).message.split('\n')[0]}`);
  }
}
