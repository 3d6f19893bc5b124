// README.md's "What it finds" block is the output of `npm run example` for examples/typeorm: scripts/example.mjs
// compares its run with the block (and `npm run docs` rewrites it), so a changed message, fix or finding that is not
// copied into the README fails here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuild, root } from './helpers.js';

requireBuild();

describe('README example output', () => {
  it('is what `npm run example` prints for examples/typeorm', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/example.mjs'), '--only', 'typeorm'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stdout).not.toContain("README.md's copy of the examples/typeorm output differs");
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    // The block is the run's own text (uncoloured, message column padding collapsed), not a hand-kept copy.
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('<!-- begin example output -->'), readme.indexOf('<!-- end example output -->'));
    for (const line of ['━━ examples/typeorm ━━  $ eslint .', '$ eslint --fix .   (on a scratch copy; the committed files are not touched)', 'tsc --noEmit on the fixed copy: compiles']) {
      expect(run.stdout).toContain(line);
      expect(block).toContain(line);
    }
  }, 300_000);
});
