import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// tools/ is plain CommonJS run by node; the spec uses the same code the generator does.
const tools = require('../../../tools/client-types') as {
  committedDocuments(): Record<string, unknown>;
  undescribedOperations(documents: Record<string, unknown>): string[];
};
const ROOT = join(__dirname, '../../..');

describe('the generated client types', () => {
  const documents = tools.committedDocuments();

  it('are what openapi-typescript makes of docs/openapi/*.json (regenerate with `node tools/api-docs.js`)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'tools/client-types.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('cover every operation but the listed ones, and the list names no described one', () => {
    const listed = readFileSync(join(ROOT, 'tools/undescribed-operations.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(tools.undescribedOperations(documents).sort()).toEqual([...listed].sort());
  });

  it('see a route whose answer is not described', () => {
    const undescribed = {
      'x.json': { paths: { '/thing': { get: { responses: { '200': { description: '' } } } } } },
    };
    expect(tools.undescribedOperations(undescribed)).toEqual(['x GET /thing']);
  });
});
