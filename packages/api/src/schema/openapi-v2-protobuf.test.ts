/** Tests the hand-encoded OpenAPI v2 protobuf by decoding it with a small independent reader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../resources/catalog.js';
import { openapiV2Protobuf } from './openapi-v2-protobuf.js';
import { varint } from './protobuf-writer.js';

interface Field {
  number: number;
  bytes: Uint8Array;
}

/** Reads one message's fields; only length-delimited fields are expected in this document. */
function readFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = buf[pos++];
      assert.ok(byte !== undefined, 'truncated varint');
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const tag = readVarint();
    assert.equal(tag & 7, 2, `field ${tag >> 3} is not length-delimited`);
    const length = readVarint();
    assert.ok(pos + length <= buf.length, 'field runs past the end');
    fields.push({ number: tag >> 3, bytes: buf.subarray(pos, pos + length) });
    pos += length;
  }
  return fields;
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const only = (fields: Field[], n: number): Uint8Array => {
  const matching = fields.filter((f) => f.number === n);
  assert.equal(matching.length, 1, `expected exactly one field ${n}`);
  return (matching[0] as Field).bytes;
};

test('varints use 7-bit groups, low first', () => {
  assert.deepEqual([...varint(0)], [0]);
  assert.deepEqual([...varint(127)], [127]);
  assert.deepEqual([...varint(300)], [0xac, 0x02]);
  assert.deepEqual([...varint(2 ** 35)], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
  assert.throws(() => varint(-1), RangeError);
});

test('the v2 document decodes to swagger 2.0 with one patch path per resource', () => {
  const doc = readFields(openapiV2Protobuf());
  assert.equal(text(only(doc, 1)), '2.0');
  const info = readFields(only(doc, 2));
  assert.equal(text(only(info, 1)), 'Kubernetes');
  assert.match(text(only(info, 2)), /^v1\.\d+\.\d+$/);
  const namedPaths = readFields(only(doc, 8)).filter((f) => f.number === 2).map((f) => readFields(f.bytes));
  assert.equal(namedPaths.length, RESOURCES.length);

  RESOURCES.forEach((r, i) => {
    const named = namedPaths[i] as Field[];
    const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const path = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}/{name}` : `${prefix}/${r.resource}/{name}`;
    assert.equal(text(only(named, 1)), path);
    const pathItem = readFields(only(named, 2));
    const operation = readFields(only(pathItem, 8));

    const parameter = readFields(only(readFields(only(readFields(only(operation, 8)), 1)), 2));
    const query = readFields(only(parameter, 3));
    assert.deepEqual([text(only(query, 2)), text(only(query, 4)), text(only(query, 6))], ['query', 'fieldValidation', 'string']);

    const extension = readFields(only(operation, 13));
    assert.equal(text(only(extension, 1)), 'x-kubernetes-group-version-kind');
    const yaml = text(only(readFields(only(extension, 2)), 2));
    assert.equal(yaml, `group: ${r.group || '""'}\nkind: ${r.kind}\nversion: ${r.version}\n`);
  });
});
