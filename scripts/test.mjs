#!/usr/bin/env node
// Runs Skiff's tests with node's test runner over the compiled packages.
//   node scripts/test.mjs            every test: unit, integration (real etcd) and end-to-end
//   node scripts/test.mjs --unit     unit tests only
//   node scripts/test.mjs FILTER...  only test files whose path contains one of FILTER
// Unit tests are `*.test.ts`; integration tests `*.int.test.ts`; end-to-end tests live in e2e/.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (name.endsWith('.test.js')) yield path;
  }
}

const dists = [];
for (const top of ['packages', '.']) {
  const base = join(root, top);
  const names = top === 'packages' ? readdirSync(base).map((n) => join('packages', n)) : ['deploy', 'bench', 'e2e'];
  for (const name of names) {
    const dist = join(root, name, 'dist');
    if (existsSync(dist)) dists.push(dist);
  }
}

let files = dists.flatMap((d) => [...walk(d)]).map((f) => relative(root, f)).sort();
if (unitOnly) files = files.filter((f) => !f.endsWith('.int.test.js') && !f.startsWith('e2e/'));
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
// Unit tests first, then integration, then end-to-end: cheap failures show first.
const rank = (f) => (f.startsWith('e2e/') ? 2 : f.endsWith('.int.test.js') ? 1 : 0);
files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
