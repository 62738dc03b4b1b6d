import { createHash } from 'node:crypto';
import { accessGaps, PUBLIC_ROUTES } from '@simvault/auth/testing';
import {
  accessMatrix,
  commonCases,
  READERS,
  statuses,
  untested,
  WRITERS,
  type AccessCase,
  type Caller,
} from '@simvault/app-auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startFilesPlatform, type FilesPlatform } from './platform';

/** Who may change usr's entries: usr, and an admin. */
const OWNER_OR_ADMIN: Caller[] = ['user', 'admin'];

describe.each(TEST_BACKENDS)('the files privilege and ownership matrix on %s', (backend) => {
  let p: FilesPlatform;
  let made = 0;
  /** A new file of usr's, with content. */
  const usersFile = async () => {
    const res = await p
      .http()
      .post(`/files/upload?name=f-${++made}.txt`)
      .set(p.as('user'))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(`content ${made}`))
      .expect(201);
    return { id: res.body.id as string };
  };
  /** A new folder of usr's. */
  const usersFolder = async () => ({
    id: (
      await p
        .http()
        .post('/files')
        .set(p.as('user'))
        .send({ name: `d-${++made}`, is_folder: true })
        .expect(201)
    ).body.id as string,
  });
  beforeAll(async () => {
    p = await startFilesPlatform(backend);
  });
  afterAll(() => p.close());

  const cases: AccessCase[] = [
    ...commonCases(),
    { route: 'GET /files', expect: statuses(200, READERS) },
    { route: 'GET /files/:id', setup: usersFile, expect: statuses(200, READERS) },
    { route: 'GET /files/:id/content', setup: usersFile, expect: statuses(200, READERS) },
    { route: 'GET /files/:id/export', setup: usersFolder, expect: statuses(200, READERS) },
    {
      route: 'POST /files',
      body: () => ({ name: `n-${++made}`, is_folder: true }),
      expect: statuses(201, WRITERS),
    },
    {
      // Into usr's folder: usr, or an admin.
      route: 'POST /files',
      setup: usersFolder,
      body: ({ id }) => ({ name: `n-${++made}`, is_folder: true, parent_id: id }),
      expect: statuses(201, OWNER_OR_ADMIN),
    },
    {
      route: 'POST /files/upload',
      setup: async () => ({ name: `u-${++made}` }),
      query: ({ name }) => `name=${name}`,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: () => Buffer.from('uploaded'),
      expect: statuses(201, WRITERS),
    },
    {
      route: 'POST /files/batch',
      setup: usersFile,
      body: ({ id }) => ({ action: 'tag', ids: [id], tags: ['t'] }),
      expect: statuses(200, OWNER_OR_ADMIN),
    },
    {
      route: 'PATCH /files/:id',
      setup: usersFile,
      body: () => ({ name: `renamed-${++made}` }),
      expect: statuses(200, OWNER_OR_ADMIN),
    },
    { route: 'DELETE /files/:id', setup: usersFile, expect: statuses(200, OWNER_OR_ADMIN) },
    {
      route: 'PUT /files/:id/content',
      setup: usersFile,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: () => Buffer.from('new content'),
      expect: statuses(200, OWNER_OR_ADMIN),
    },
    // No run is indexed: every reader is told so; the rest are refused first.
    {
      route: 'GET /runs/:executionId/files',
      setup: async () => ({ executionId: 'exec-1' }),
      expect: statuses(404, READERS),
    },
    {
      route: 'GET /runs/:executionId/files/*name',
      setup: async () => ({ executionId: 'exec-1', name: 'a.txt' }),
      expect: statuses(404, READERS),
    },
    {
      route: 'GET /runs/:executionId/export',
      setup: async () => ({ executionId: 'exec-1' }),
      expect: statuses(404, READERS),
    },
    {
      route: 'POST /runs/:executionId/index',
      setup: async () => ({ executionId: 'exec-1' }),
      body: {},
      expect: statuses(404, WRITERS),
    },
    // Content-addressed artifact uploads: writers only (the bytes are nobody's; they are read through a run).
    {
      route: 'GET /artifacts/:sha256',
      setup: async () => ({ sha256: 'a'.repeat(64) }),
      expect: statuses(200, WRITERS),
    },
    {
      route: 'PUT /artifacts/:sha256',
      setup: async () => ({ sha256: createHash('sha256').update('artifact bytes').digest('hex') }),
      headers: { 'Content-Type': 'application/octet-stream' },
      body: () => Buffer.from('artifact bytes'),
      expect: statuses(200, WRITERS),
    },
    // Deleting artifacts no run names: admins only (a dry run, so the matrix deletes nothing).
    {
      route: 'POST /artifacts/gc',
      setup: async () => ({}),
      body: { dry_run: true },
      expect: statuses(200, ['admin']),
    },
    {
      route: 'GET /simulations/:name/:version/files',
      setup: async () => ({ name: 'thermal_sim', version: '1.0.0' }),
      expect: statuses(200, READERS),
    },
  ];

  it('declares an access rule on every route, and the matrix covers every one', () => {
    expect(accessGaps(p.files)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
    expect(untested(p.files, cases)).toEqual([]);
  });

  it('answers every caller of every route as the matrix says', async () => {
    expect(await accessMatrix(p.files, p, cases)).toEqual([]);
  }, 300_000);
});
