import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startS3Server, type TestS3Server } from '../../../libs/blobs/test/s3-server';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Run files with an object store configured: the platform's copy goes into the bucket, and a
 * replica whose own run-store directory lacks a file (another host's, or a disk that was lost)
 * serves it from there. The object store is a real S3-protocol server (s3rver) on 127.0.0.1.
 */
describe.each(TEST_BACKENDS)('run files in a shared object store, on %s', (backend) => {
  let s3: TestS3Server;
  let p: ResultsPlatform;
  const as = () => ({ 'X-Session-ID': p.tokens.readonly });

  beforeAll(async () => {
    s3 = await startS3Server();
    p = await startResultsPlatform(backend, s3.env(`team-${backend}`));
  });
  afterAll(async () => {
    await p?.close();
    await s3?.close();
  });

  it('keeps the run file in the bucket and serves it to a replica without a local copy', async () => {
    const source = p.sim2lRun(thermalRun('shared-1', { temperature: 300, max_stress: 1, converged: true }));
    await p
      .http()
      .post('/register')
      .set({ 'X-Session-ID': p.tokens.user })
      .send({ execution_id: 'shared-1', squid_id: null, metadata: null })
      .expect(200);
    const result = (await p.http().get('/results/shared-1').set(as()).expect(200)).body;
    const checksum = result.run_file.checksum as string;
    const kept = readFileSync(result.run_db_path as string);
    expect(sha256(kept)).toBe(checksum);

    // The bucket holds the same bytes, under the run store's layout.
    const bucket = s3.store(`team-${backend}/runs/`);
    const key = `${checksum.slice(0, 2)}/${checksum}.db`;
    const object = await bucket.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of object!) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(checksum);

    // This replica loses its directory (as a new host starts with none), and the original is gone too.
    rmSync(p.config.results.runStoreDir, { recursive: true, force: true });
    rmSync(source, { force: true });
    const download = await p
      .http()
      .get('/results/shared-1/run-file')
      .set(as())
      .buffer(true)
      .parse((r, done) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(sha256(download.body as Buffer)).toBe(checksum);
    // Fetched once into this replica's directory, verified.
    expect(sha256(readFileSync(result.run_db_path as string))).toBe(checksum);
  });

  it("serves a run's metrics and logs to a replica that has only the bucket's copy", async () => {
    const source = p.sim2lRun(
      thermalRun(
        'shared-3',
        { temperature: 302 },
        {
          metrics: [0.5, 0.25, 0.125].map((value, i) => ({ name: 'residual', value, step: i + 1 })),
          logs: [{ level: 'WARNING', message: 'mesh is coarse' }],
        },
      ),
    );
    await p
      .http()
      .post('/register')
      .set({ 'X-Session-ID': p.tokens.user })
      .send({ execution_id: 'shared-3', squid_id: null, metadata: null })
      .expect(200);
    rmSync(p.config.results.runStoreDir, { recursive: true, force: true });
    rmSync(source, { force: true });
    const series = await p.http().get('/results/shared-3/metrics/residual').set(as()).expect(200);
    expect(series.body.points.map((pt: { value: number }) => pt.value)).toEqual([0.5, 0.25, 0.125]);
    const logs = await p.http().get('/results/shared-3/logs?level=WARNING').set(as()).expect(200);
    expect(logs.body.items.map((l: { message: string }) => l.message)).toEqual(['mesh is coarse']);
  });

  it('answers 404 when neither this replica nor the bucket has the file', async () => {
    p.sim2lRun(thermalRun('shared-2', { temperature: 301, max_stress: 2, converged: true }));
    await p
      .http()
      .post('/register')
      .set({ 'X-Session-ID': p.tokens.user })
      .send({ execution_id: 'shared-2', squid_id: null, metadata: null })
      .expect(200);
    const result = (await p.http().get('/results/shared-2').set(as()).expect(200)).body;
    const checksum = result.run_file.checksum as string;
    await s3.store(`team-${backend}/runs/`).delete(`${checksum.slice(0, 2)}/${checksum}.db`);
    rmSync(result.run_db_path as string, { force: true });
    const res = await p.http().get('/results/shared-2/run-file').set(as()).expect(404);
    expect(res.body.message ?? res.body.detail ?? JSON.stringify(res.body)).toMatch(
      /no longer in the run store/,
    );
  });
});
