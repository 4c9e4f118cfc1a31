/** Secrets: `stringData` is write-only and folds into base64 `data`; `data` must be valid base64. */
import { badRequest, type ResourceInfo } from '@skiff/api';
import type { KObject, Strategy } from '../types.js';
import { defaultStrategy } from './default.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Position of the first byte that is not base64, as Go's decoder reports it, or -1. */
function invalidBase64At(value: string): number {
  if (BASE64.test(value) && value.length % 4 === 0) return -1;
  for (let i = 0; i < value.length; i++) if (!/[A-Za-z0-9+/=]/.test(value[i]!)) return i;
  return Math.floor(value.length / 4) * 4;
}

function normalize(obj: KObject): void {
  const data = (obj.data ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    const at = typeof value === 'string' ? invalidBase64At(value) : 0;
    if (at >= 0) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${at} (key ${JSON.stringify(key)})`);
  }
  const stringData = obj.stringData as Record<string, unknown> | undefined;
  if (stringData && typeof stringData === 'object') {
    for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

export function secretStrategy(info: ResourceInfo): Strategy {
  return {
    ...defaultStrategy(info),
    prepareForCreate: normalize,
    prepareForUpdate: normalize,
  };
}
