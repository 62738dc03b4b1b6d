import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { settled, startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// The same registration jobs, run two ways: in-process, and by a BullMQ worker on Redis.
describe.each(
  TEST_BACKENDS.flatMap(
    (backend) =>
      [
        [backend, 'in-process'],
        [backend, 'redis'],
      ] as const,
  ),
)('registration jobs on %s with %s queues', (backend, queues) => {
  let p: ResultsPlatform;
  const as = () => ({ 'X-Session-ID': p.tokens.user });
  beforeAll(async () => {
    p = await startResultsPlatform(backend, queues === 'redis' ? { SIMVAULT_REDIS_URL: REDIS_URL } : {});
  });
  afterAll(() => p.close());

  it('registers asynchronously: 202 with a job id, then the job holds the answer', async () => {
    expect((await p.http().get('/health').expect(200)).body.queues).toBe(queues);
    p.sim2lRun(thermalRun('async-1', { temperature: 320, max_stress: 5 }));
    const queued = await p
      .http()
      .post('/register')
      .set(as())
      .send({ execution_id: 'async-1', async: true })
      .expect(202);
    expect(queued.body).toMatchObject({
      success: true,
      status: 'queued',
      status_url: `/jobs/${queued.body.job_id}`,
    });
    const job = await settled(p, queued.body.job_id, p.tokens.user);
    expect(job).toMatchObject({
      state: 'completed',
      result: { success: true, execution_id: 'async-1' },
      error: null,
    });
    await p.http().get('/results/async-1').set(as()).expect(200);
    await p.http().get('/jobs/no-such-job').set(as()).expect(404);
  });

  it('shows a job to its owner and an admin only; to anyone else it does not exist', async () => {
    p.sim2lRun(thermalRun('async-own', { temperature: 1 }));
    const queued = await p
      .http()
      .post('/register')
      .set(as())
      .send({ execution_id: 'async-own', async: true })
      .expect(202);
    await settled(p, queued.body.job_id, p.tokens.user);
    const path = `/jobs/${queued.body.job_id}`;
    for (const who of ['other', 'developer', 'anonymous'] as const) {
      const refused = await p.http().get(path).set('X-Session-ID', p.tokens[who]).expect(404);
      expect(refused.body.error).toBe(`No registration job ${queued.body.job_id} of yours.`);
    }
    await p.http().get(path).set('X-Session-ID', p.tokens.readonly).expect(200);
    await p.http().get(path).set('X-Session-ID', p.tokens.admin).expect(200);
  });

  it('registers a directory as one job with progress, listing the files it refused', async () => {
    const dir = join(p.runRoot, 'campaign');
    mkdirSync(join(dir, 'deeper'), { recursive: true });
    for (let i = 0; i < 4; i++) p.sim2lRun(thermalRun(`batch-${i}`, { temperature: 300 + i }), dir);
    p.sim2lRun(thermalRun('batch-deep', { temperature: 400 }), join(dir, 'deeper'));
    writeFileSync(join(dir, 'broken.db'), 'not a database');
    writeFileSync(join(dir, 'notes.txt'), 'ignored: not a run file name');
    const queued = await p.http().post('/register/batch').set(as()).send({ directory: dir }).expect(202);
    expect(queued.body.total).toBe(5);
    const job = await settled(p, queued.body.job_id, p.tokens.user);
    expect(job.state).toBe('completed');
    expect(job.progress).toEqual({ done: 5, total: 5, registered: 4, failed: 1 });
    // Files are named as under the run root; the server's directories stay in its log.
    expect(job.result.failures).toEqual([
      {
        path: 'campaign/broken.db',
        error: 'campaign/broken.db is not a SQLite database (it does not start with the SQLite header).',
        status_code: 400,
      },
    ]);
    expect(JSON.stringify(job)).not.toContain(p.runRoot);
    const deep = await p
      .http()
      .post('/register/batch')
      .set(as())
      .send({ directory: dir, recursive: true })
      .expect(202);
    expect((await settled(p, deep.body.job_id, p.tokens.user)).progress).toMatchObject({
      total: 6,
      registered: 5,
    });
    const named = await p
      .http()
      .post('/register/batch')
      .set(as())
      .send({ paths: [join(dir, 'batch-0.db'), join(dir, 'missing.db')] })
      .expect(202);
    const result = (await settled(p, named.body.job_id, p.tokens.user)).result;
    expect(result).toMatchObject({ registered: 1, failed: 1 });
    expect(result.failures[0]).toMatchObject({ status_code: 404 });
    const found = await p
      .http()
      .post('/search')
      .set(as())
      .send({ filter: 'inputs.temperature >= 300' })
      .expect(200);
    expect(found.body.total).toBe(6);
    await p.http().post('/register/batch').set(as()).send({ paths: [], directory: dir }).expect(400);
  });

  it('reports a failed job with the sentence the synchronous call would have answered', async () => {
    writeFileSync(join(p.runRoot, 'bad-async.db'), 'text');
    const queued = await p
      .http()
      .post('/register')
      .set(as())
      .send({ execution_id: 'bad-async', async: true })
      .expect(400);
    expect(queued.body.error).toMatch(/is not a SQLite database/);
    p.sim2lRun(thermalRun('mismatch-async', { temperature: 1 }));
    const job = await p
      .http()
      .post(`/register/upload?execution_id=other-id&async=true`)
      .set(as())
      .set('Content-Type', 'application/octet-stream')
      .send(readFileSync(join(p.runRoot, 'mismatch-async.db')))
      .expect(202);
    expect(await settled(p, job.body.job_id, p.tokens.user)).toMatchObject({
      state: 'failed',
      error: 'The run file holds execution "mismatch-async", not "other-id".',
    });
  });
});
