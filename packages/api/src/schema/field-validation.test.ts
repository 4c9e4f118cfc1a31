/** Tests for parsing the fieldValidation query parameter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../errors/status-error.js';
import { parseFieldValidation } from './field-validation.js';

test('a missing or empty fieldValidation means Warn, as in kube-apiserver 1.27+', () => {
  assert.equal(parseFieldValidation(undefined), 'Warn');
  assert.equal(parseFieldValidation(''), 'Warn');
});

test('Strict, Warn and Ignore are accepted as written', () => {
  assert.equal(parseFieldValidation('Strict'), 'Strict');
  assert.equal(parseFieldValidation('Warn'), 'Warn');
  assert.equal(parseFieldValidation('Ignore'), 'Ignore');
});

test('any other value is rejected with the Invalid error of the write options', () => {
  assert.throws(
    () => parseFieldValidation('strict'),
    (err: unknown) => {
      assert.ok(err instanceof StatusError);
      assert.equal(err.code, 422);
      assert.equal(err.reason, 'Invalid');
      assert.equal(
        err.message,
        'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
      );
      assert.equal(err.details?.causes?.[0]?.field, 'fieldValidation');
      return true;
    },
  );
  assert.throws(() => parseFieldValidation('x', 'PatchOptions'), /^StatusError: PatchOptions\.meta\.k8s\.io "" is invalid/);
});
