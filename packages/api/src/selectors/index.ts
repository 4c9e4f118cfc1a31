/** selectors: label and field selectors (parsing, matching, printing) and each resource's selectable fields. */
export type { LabelSelector, LabelRequirement, LabelOperator } from './label-selector.js';
export { everythingSelector, nothingSelector, selectorFromSet, requirementMatches } from './label-selector.js';
export { parseLabelSelector } from './label-parser.js';
export { labelSelectorFromSpec, labelSelectorToString } from './label-spec.js';
export type { FieldSelector, FieldRequirement, FieldOperator } from './field-selector.js';
export { parseFieldSelector, fieldSelectorOf, escapeFieldValue, unescapeFieldValue } from './field-selector.js';
export { selectableFields, checkFieldSelector, supportedFieldLabels } from './selectable-fields.js';
