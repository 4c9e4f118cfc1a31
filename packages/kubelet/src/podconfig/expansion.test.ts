/** Tests of `$(VAR)` expansion against Kubernetes' documented cases. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandVars } from './expansion.js';

const vars = new Map([
  ['VAR_A', 'A'],
  ['VAR_B', 'B'],
  ['EMPTY', ''],
]);
const look = (n: string) => vars.get(n);

test('known references expand, unknown ones stay as written', () => {
  assert.equal(expandVars('$(VAR_A)', look), 'A');
  assert.equal(expandVars('___$(VAR_A)___$(VAR_B)', look), '___A___B');
  assert.equal(expandVars('$(VAR_C)', look), '$(VAR_C)');
  assert.equal(expandVars('x$(EMPTY)y', look), 'xy');
  assert.equal(expandVars('$(VAR_A)$(VAR_A)', look), 'AA');
});

test('$$ escapes, lone and trailing $ and unclosed references are literal', () => {
  assert.equal(expandVars('$$(VAR_A)', look), '$(VAR_A)');
  assert.equal(expandVars('$$$(VAR_A)', look), '$A');
  assert.equal(expandVars('$$$$(VAR_A)', look), '$$(VAR_A)');
  assert.equal(expandVars('foo$', look), 'foo$');
  assert.equal(expandVars('$VAR_A', look), '$VAR_A');
  assert.equal(expandVars('$(VAR_A', look), '$(VAR_A');
  assert.equal(expandVars('a$(', look), 'a$(');
  assert.equal(expandVars('$()', look), '$()');
  assert.equal(expandVars('no refs', look), 'no refs');
});
