/** PodLogOptions from a `pods/log` query string, decoded and validated as kube-apiserver does. */
import { badRequest, StatusError } from '@skiff/api';

export interface PodLogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
}

/** Query booleans as Kubernetes' parameter codec reads them: anything but these (and absence) is true. */
const FALSE_WORDS = new Set(['0', 'f', 'false', 'n', 'no', 'off']);

export function queryFlag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  if (v === null) return false;
  return !FALSE_WORDS.has(v.toLowerCase());
}

function int64(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw badRequest(`${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** RFC 3339 with an explicit zone, as Go's time.Parse(time.RFC3339) accepts. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface FieldProblem {
  field: string;
  message: string;
}

/** Decodes and validates; a bad number or time is a 400, a value out of range a 422 `PodLogOptions "<pod>" is invalid`. */
export function parsePodLogOptions(query: URLSearchParams, podName: string): PodLogOptions {
  const options: PodLogOptions = { follow: queryFlag(query, 'follow'), previous: queryFlag(query, 'previous'), timestamps: queryFlag(query, 'timestamps') };
  const container = query.get('container');
  if (container) options.container = container;
  const sinceSeconds = int64(query, 'sinceSeconds');
  const tailLines = int64(query, 'tailLines');
  const limitBytes = int64(query, 'limitBytes');
  const sinceTime = query.get('sinceTime');
  if (sinceTime !== null && sinceTime !== '') {
    if (!RFC3339.test(sinceTime) || Number.isNaN(Date.parse(sinceTime))) {
      throw badRequest(`sinceTime: parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
    }
    options.sinceTime = sinceTime;
  }
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  if (tailLines !== undefined) options.tailLines = tailLines;
  if (limitBytes !== undefined) options.limitBytes = limitBytes;

  const problems: FieldProblem[] = [];
  if (tailLines !== undefined && tailLines < 0) problems.push({ field: 'tailLines', message: `Invalid value: ${tailLines}: must be greater than or equal to 0` });
  if (limitBytes !== undefined && limitBytes < 1) problems.push({ field: 'limitBytes', message: `Invalid value: ${limitBytes}: must be greater than 0` });
  if (sinceSeconds !== undefined && options.sinceTime !== undefined) {
    problems.push({ field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) {
    problems.push({ field: 'sinceSeconds', message: `Invalid value: ${sinceSeconds}: must be greater than 0` });
  }
  if (problems.length > 0) throw invalidLogOptions(podName, problems);
  return options;
}

function invalidLogOptions(podName: string, problems: FieldProblem[]): StatusError {
  const parts = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const causes = problems.map((p) => ({ reason: p.message.startsWith('Forbidden') ? 'FieldValueForbidden' : 'FieldValueInvalid', message: p.message, field: p.field }));
  return new StatusError('Invalid', `PodLogOptions "${podName}" is invalid: ${summary}`, { name: podName, kind: 'PodLogOptions', causes });
}
