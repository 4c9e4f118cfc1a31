/** A small Kubernetes resource.Quantity: parse (`500m`, `1Gi`, `1e3`), compare, and print in canonical form. */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity, held exactly in nano-units (Kubernetes' finest scale). */
export interface Quantity {
  nanos: bigint;
  format: QuantityFormat;
}

/** The pattern Kubernetes names in its parse error. */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** Kubernetes' message for a value that is not a quantity. */
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_PATTERN}'`;

const NANO = 1_000_000_000n;
const quantityRe = new RegExp(QUANTITY_PATTERN);
const numberRe = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/;

/** Decimal SI suffix -> power of ten. */
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Binary SI suffix -> power of 1024. */
const BINARY_SUFFIXES: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

/** Divides rounding toward positive infinity (Kubernetes rounds sub-nano precision up). */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** Parses a quantity string; returns an error message instead when it is not one. */
export function parseQuantity(text: string): Quantity | string {
  const whole = quantityRe.exec(text.trim() === text ? text : '');
  if (!whole) return QUANTITY_FORMAT_ERROR;
  const num = numberRe.exec(whole[1]!);
  if (!num || (num[2] === '' && (num[3] ?? '') === '')) return QUANTITY_FORMAT_ERROR;
  const sign = num[1] === '-' ? -1n : 1n;
  const fraction = num[3] ?? '';
  let numerator = BigInt(`${num[2] || '0'}${fraction}`) * sign;
  let denominator = 10n ** BigInt(fraction.length);
  const suffix = whole[2]!;
  let format: QuantityFormat;
  if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    numerator *= 1024n ** BigInt(BINARY_SUFFIXES[suffix]!);
  } else if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    const exp = DECIMAL_SUFFIXES[suffix]!;
    if (exp >= 0) numerator *= 10n ** BigInt(exp);
    else denominator *= 10n ** BigInt(-exp);
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    const exp = Number(suffix.slice(1));
    if (Math.abs(exp) > 100) return "unable to parse quantity's suffix";
    if (exp >= 0) numerator *= 10n ** BigInt(exp);
    else denominator *= 10n ** BigInt(-exp);
  } else {
    return "unable to parse quantity's suffix";
  }
  return { nanos: ceilDiv(numerator * NANO, denominator), format };
}

/** -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

function decimalSuffix(exponent: number, format: QuantityFormat): string {
  if (exponent === 0) return '';
  if (format === 'DecimalSI') {
    const found = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent);
    if (found) return found[0];
  }
  return `e${exponent}`;
}

/** The canonical text Kubernetes prints for a quantity: `1500m` -> `1500m`, `1000m` -> `1`, `1024Mi` -> `1Gi`. */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  let format = q.format;
  if (format === 'BinarySI' && (abs < 1024n * NANO || abs % NANO !== 0n)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let units = abs / NANO;
    let power = 0;
    while (units % 1024n === 0n && power < 6) {
      units /= 1024n;
      power++;
    }
    const suffix = Object.entries(BINARY_SUFFIXES).find(([, p]) => p === power)?.[0] ?? '';
    return `${negative ? '-' : ''}${units}${suffix}`;
  }
  let mantissa = abs;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const down = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(down);
  exponent -= down;
  return `${negative ? '-' : ''}${mantissa}${decimalSuffix(exponent, format)}`;
}

/** Parses a quantity that may arrive as a JSON number (`cpu: 2`) or string. */
export function quantityOf(value: unknown): Quantity | string {
  if (typeof value === 'number' && Number.isFinite(value)) return parseQuantity(String(value));
  if (typeof value === 'string') return parseQuantity(value);
  return QUANTITY_FORMAT_ERROR;
}
