/** ConfigMap and Secret validation: data keys, the 1 MiB size limit, Secret type rules and `immutable`. */
import type { FieldCause } from '../errors/status-error.js';
import { FIELD_IMMUTABLE, forbiddenCause, index, invalidCause, invalidEach, requiredCause, tooLongCause } from './field-errors.js';
import { byteLength, isConfigMapKey } from './name-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { asRecord, asString, semanticEqual, type JsonRecord } from './values.js';

/** Largest combined data of a ConfigMap or Secret (Kubernetes' MaxSecretSize, 1 MiB). */
export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;

/** Size of base64 text once decoded. */
function decodedLength(base64: string): number {
  const clean = base64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function validateKeys(data: JsonRecord, path: string): FieldCause[] {
  return Object.keys(data).flatMap((key) => invalidEach(index(path, key), key, isConfigMapKey(key)));
}

/** Keys of `data` and `binaryData` valid and distinct, their combined size within the limit. */
function configMapData(o: JsonRecord): FieldCause[] {
  const data = asRecord(o['data']);
  const binary = asRecord(o['binaryData']);
  const causes = validateKeys(data, 'data');
  for (const key of Object.keys(data)) {
    if (key in binary) causes.push(invalidCause(index('data', key), key, 'duplicate of key present in binaryData'));
  }
  causes.push(...validateKeys(binary, 'binaryData'));
  let total = 0;
  for (const value of Object.values(data)) total += byteLength(asString(value));
  for (const value of Object.values(binary)) total += decodedLength(asString(value));
  if (total > MAX_CONFIG_DATA_BYTES) causes.push(tooLongCause('', MAX_CONFIG_DATA_BYTES));
  return causes;
}

export function validateConfigMapCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...configMapData(o)];
}

/** Once `immutable: true`, neither the flag nor the data may change. */
function immutableRules(o: JsonRecord, old: JsonRecord, dataFields: string[]): FieldCause[] {
  if (old['immutable'] !== true) return [];
  const causes: FieldCause[] = [];
  if (o['immutable'] !== true) causes.push(forbiddenCause('immutable', 'field is immutable when `immutable` is set'));
  for (const field of dataFields) {
    if (!semanticEqual(o[field], old[field])) causes.push(forbiddenCause(field, 'field is immutable when `immutable` is set'));
  }
  return causes;
}

export function validateConfigMapUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const old = asRecord(oldObj);
  return [
    ...validateObjectMetaUpdate(o['metadata'], old['metadata']),
    ...immutableRules(o, old, ['data', 'binaryData']),
    ...configMapData(o),
  ];
}

/** The Secret's keys with their decoded sizes; `stringData` entries override `data`, as the API merges them. */
function secretEntries(o: JsonRecord): Map<string, number> {
  const entries = new Map<string, number>();
  for (const [key, value] of Object.entries(asRecord(o['data']))) entries.set(key, decodedLength(asString(value)));
  for (const [key, value] of Object.entries(asRecord(o['stringData']))) entries.set(key, byteLength(asString(value)));
  return entries;
}

function decodedData(o: JsonRecord, key: string): string | undefined {
  const text = asRecord(o['stringData'])[key];
  if (typeof text === 'string') return text;
  const encoded = asRecord(o['data'])[key];
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

function isJSONObject(text: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : 'must be a JSON object';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Rules of the well-known Secret types (required keys and annotations). */
function secretTypeRules(o: JsonRecord, entries: Map<string, number>): FieldCause[] {
  const causes: FieldCause[] = [];
  const annotations = asRecord(asRecord(o['metadata'])['annotations']);
  const requireKey = (key: string): boolean => {
    if (entries.has(key)) return true;
    causes.push(requiredCause(index('data', key)));
    return false;
  };
  switch (asString(o['type'])) {
    case 'kubernetes.io/service-account-token':
      if (!asString(annotations['kubernetes.io/service-account.name'])) {
        causes.push(requiredCause('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = o['type'] === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (requireKey(key)) {
        const err = isJSONObject(decodedData(o, key));
        if (err) causes.push(invalidCause(index('data', key), '<secret contents redacted>', err));
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!entries.has('username') && !entries.has('password')) {
        causes.push(requiredCause('data[username]'), requiredCause('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!entries.get('ssh-privatekey')) causes.push(requiredCause('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      requireKey('tls.crt');
      requireKey('tls.key');
      break;
    default:
  }
  return causes;
}

/** Keys valid, combined size within the limit, type rules met. */
function secretData(o: JsonRecord): FieldCause[] {
  const causes: FieldCause[] = [];
  const entries = secretEntries(o);
  for (const key of entries.keys()) causes.push(...invalidEach(index('data', key), key, isConfigMapKey(key)));
  let total = 0;
  for (const size of entries.values()) total += size;
  if (total > MAX_CONFIG_DATA_BYTES) causes.push(tooLongCause('data', MAX_CONFIG_DATA_BYTES));
  causes.push(...secretTypeRules(o, entries));
  return causes;
}

export function validateSecretCreate(obj: unknown): FieldCause[] {
  const o = asRecord(obj);
  return [...validateObjectMeta(o['metadata'], { namespaced: true }), ...secretData(o)];
}

/** The type may not change (an empty type keeps the old one); immutable Secrets keep their data. */
export function validateSecretUpdate(obj: unknown, oldObj: unknown): FieldCause[] {
  const o = asRecord(obj);
  const old = asRecord(oldObj);
  const causes = validateObjectMetaUpdate(o['metadata'], old['metadata']);
  const type = asString(o['type']) || asString(old['type']);
  if (type !== asString(old['type'])) causes.push(invalidCause('type', type, FIELD_IMMUTABLE));
  causes.push(...immutableRules(o, old, ['data']));
  causes.push(...secretData({ ...o, type }));
  return causes;
}
