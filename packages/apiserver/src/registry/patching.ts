/** Applies a PATCH body of any of the four Kubernetes patch types to the current object. */
import { applyJsonPatch, applyMergePatch, applyServerSideApply, applyStrategicMergePatch, unsupportedMediaType } from '@skiff/api';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Content types of PATCH bodies and the patch type each names. */
export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export function patchTypeOf(contentType: string): PatchType {
  const type = PATCH_CONTENT_TYPES[contentType];
  if (!type) throw unsupportedMediaType(contentType);
  return type;
}

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

export function applyPatch(
  type: PatchType,
  current: unknown,
  patch: unknown,
  gvk: GVK,
  apply: { fieldManager: string; force: boolean; now: Date },
): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(current, patch);
    case 'merge':
      return applyMergePatch(current, patch);
    case 'strategic':
      return applyStrategicMergePatch(current, patch, gvk);
    case 'apply':
      return applyServerSideApply(current, patch, gvk, apply);
  }
}
