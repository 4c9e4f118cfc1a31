/** Just enough protobuf encoding for hand-built messages: varints and length-delimited fields. */

const encoder = new TextEncoder();

/** Protobuf wire type of strings, bytes and embedded messages. */
const WIRE_LENGTH_DELIMITED = 2;

/** A varint: 7 bits per byte, low groups first, high bit set on every byte but the last. */
export function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint: ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A length-delimited field: a string (UTF-8) or an already-encoded embedded message. */
export function lengthDelimited(fieldNumber: number, payload: string | Uint8Array): Uint8Array {
  const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
  return concatBytes([varint(fieldNumber * 8 + WIRE_LENGTH_DELIMITED), varint(bytes.length), bytes]);
}

/** An embedded message built from its already-encoded fields. */
export function message(fieldNumber: number, fields: readonly Uint8Array[]): Uint8Array {
  return lengthDelimited(fieldNumber, concatBytes(fields));
}
