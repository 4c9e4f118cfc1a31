/** validation: Kubernetes-compatible name/format checks, ObjectMeta rules and per-kind create/update/status validation. */
export {
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1035Label,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isConfigMapKey,
  isEnvVarName,
  isValidPercent,
} from './name-format.js';
export { isValidIP, isValidIPv4Address, isValidIPv6Address, isValidCIDR, nonSpecialIPErrors } from './ip-format.js';
export {
  FieldErrorTypes,
  formatFieldValue,
  requiredCause,
  invalidCause,
  notSupportedCause,
  duplicateCause,
  forbiddenCause,
  tooLongCause,
  notFoundCause,
} from './field-errors.js';
export type { NameValidator, ObjectMetaOptions } from './object-meta.js';
export {
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateLabels,
  validateAnnotations,
  nameIsDNSSubdomain,
  nameIsDNSLabel,
  nameIsDNS1035Label,
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
} from './object-meta.js';
export { validateLabelSelectorSpec } from './label-selector-spec.js';
export { validatePodSpec, validatePodTemplateSpec } from './pod-spec.js';
export { cronScheduleError } from './cron-schedule.js';
export { validateCreate, validateUpdate, validateStatusUpdate } from './validate-object.js';
export {
  DEFAULT_PREEMPTION_POLICY,
  DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS,
  HIGHEST_USER_DEFINABLE_PRIORITY,
  PREEMPTION_POLICIES,
  SYSTEM_CRITICAL_PRIORITY,
  SYSTEM_PRIORITY_CLASSES,
  SYSTEM_PRIORITY_CLASS_PREFIX,
  defaultPriorityClass,
  validatePriorityClassCreate,
  validatePriorityClassUpdate,
  type SystemPriorityClass,
} from './priority-class.js';
