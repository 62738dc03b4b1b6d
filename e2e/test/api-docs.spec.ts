import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './compose';

describe('the generated API reference', () => {
  it('matches what the built apps declare (regenerate with `node tools/api-docs.js`)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'tools/api-docs.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
