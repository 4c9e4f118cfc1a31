/** patch: JSON patch, JSON merge patch, strategic merge patch and server-side apply, as the Kubernetes API server applies them. */
export { deepClone, deepEqual, isPlainObject } from './deep.js';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { applyServerSideApply, BEFORE_FIRST_APPLY_MANAGER, type ApplyOptions } from './server-side-apply.js';
export { recordUpdateManager, type UpdateManagerOptions } from './update-manager.js';
export { fieldMeta as patchFieldMeta, rootTypeOf as patchRootTypeOf, type FieldMeta as PatchFieldMeta, type PatchStrategy } from './merge-keys.js';
