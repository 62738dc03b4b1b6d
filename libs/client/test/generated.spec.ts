import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// tools/ is plain CommonJS run by node; the spec uses the same code the generator does.
const tools = require('../../../tools/client-types') as {
  committedDocuments(): Record<string, unknown>;
  looseTypes(files: Record<string, string>): string[];
  undescribedOperations(documents: Record<string, unknown>): string[];
  GENERATED: string;
};
const ROOT = join(__dirname, '../../..');

describe('the generated client types', () => {
  const documents = tools.committedDocuments();

  it('are what openapi-typescript makes of docs/openapi/*.json (the build writes them: simvault:client-types)', () => {
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

  it('type every field: none is an empty object (Record<string, never>)', () => {
    const files = Object.fromEntries(
      readdirSync(tools.GENERATED).map((name) => [name, readFileSync(join(tools.GENERATED, name), 'utf8')]),
    );
    expect(Object.keys(files).length).toBeGreaterThan(0);
    expect(tools.looseTypes(files)).toEqual([]);
  });

  it('see a field too loose to type: `nullable: true` without a type, as Nest writes `string | null`', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'x', version: '1' },
      paths: {
        '/thing': {
          get: {
            operationId: 'thing',
            responses: {
              '200': {
                description: '',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: 'object',
            properties: {
              loose: { type: 'object', nullable: true },
              typed: { type: 'string', nullable: true },
            },
            required: ['loose', 'typed'],
          },
        },
      },
    };
    const script = `const t = require(${JSON.stringify(join(ROOT, 'tools/client-types.js'))});
      t.clientTypes({ 'x.json': ${JSON.stringify(document)} })
        .then((files) => process.stdout.write(JSON.stringify(t.looseTypes(files))));`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['x.ts: Thing: loose: Record<string, never> | null;']);
  });
});
