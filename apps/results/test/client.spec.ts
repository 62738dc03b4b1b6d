import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ResultsClient, SimvaultError } from '@simvault/client';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

describe.each(TEST_BACKENDS)('ResultsClient against the results app on %s', (backend) => {
  let p: ResultsPlatform;
  let url: string;
  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    await p.results.listen(0, '127.0.0.1');
    url = await p.results.getUrl();
  });
  afterAll(() => p.close());

  it("does what sim2l's ResultsClient does: register, search, stats, get", async () => {
    const client = new ResultsClient(url);
    await client.anonymous();
    for (const [id, temperature, stress] of [
      ['exec-2024-001', 350, 1.5e8],
      ['exec-2024-002', 400, 1.9e8],
    ] as const) {
      p.sim2lRun(thermalRun(id, { temperature, max_stress: stress }));
    }
    const registered = await client.registerResult('exec-2024-001');
    expect(registered).toMatchObject({
      success: true,
      result_id: expect.any(Number),
      schema_id: expect.any(Number),
    });
    await client.registerResult('exec-2024-002', { squid_id: null, metadata: { campaign: 'a' } });

    const results = await client.search({
      simulation_name: 'thermal_sim',
      input_filters: { temperature: 350 },
      output_filters: { max_stress: 1.5e8 },
    });
    expect(results.map((r) => [r.execution_id, r.input_params, r.output_params])).toEqual([
      ['exec-2024-001', { temperature: 350 }, { max_stress: 1.5e8 }],
    ]);
    const stats = await client.getParameterStats('thermal_sim', 'max_stress', 'output');
    expect(stats).toMatchObject({ avg_value: 1.7e8, min_value: 1.5e8, max_value: 1.9e8, count: 2 });
    expect((await client.getResult('exec-2024-002'))?.metadata).toEqual({ campaign: 'a' });
    expect(await client.getResult('exec-unknown')).toBeNull();
  });

  it('uploads a run file as a stream, registers a batch, follows the job, and downloads the copy', async () => {
    const client = new ResultsClient(url);
    await client.login('usr', 'usr-password');
    const path = p.sim2lRun(thermalRun('exec-upload', { temperature: 280 }), p.db.dir);
    const uploaded = await client.uploadRunFile(
      Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
      {
        execution_id: 'exec-upload',
      },
    );
    expect(uploaded).toMatchObject({ success: true, execution_id: 'exec-upload' });
    const copy = await client.downloadRunFile('exec-upload');
    expect(createHash('sha256').update(copy).digest('hex')).toBe((uploaded as { checksum: string }).checksum);

    const queued = await client.uploadRunFile(readFileSync(path), { async: true });
    const job = await client.waitForJob((queued as { job_id: string }).job_id, { intervalMs: 20 });
    expect(job).toMatchObject({ state: 'completed', result: { execution_id: 'exec-upload' } });

    for (let i = 0; i < 3; i++) p.sim2lRun(thermalRun(`exec-batch-${i}`, { temperature: 500 + i }));
    const batch = await client.registerBatch({
      paths: [0, 1, 2].map((i) => join(p.runRoot, `exec-batch-${i}.db`)),
    });
    const seen: unknown[] = [];
    const done = await client.waitForJob(batch.job_id, {
      intervalMs: 20,
      onProgress: (j) => seen.push(j.progress),
    });
    expect(done.progress).toEqual({ done: 3, total: 3, registered: 3, failed: 0 });
    const page = await client.searchPage({
      filter: 'inputs.temperature >= 500',
      sort_by: 'inputs.temperature',
      sort_order: 'asc',
    });
    expect(page.results.map((r) => r.input_params?.temperature)).toEqual([500, 501, 502]);
    expect(page.total).toBe(3);

    expect(await client.invalidateResult('exec-batch-0', 'bad sensor')).toMatchObject({
      status: 'invalidated',
    });
    expect((await client.searchPage({ filter: 'inputs.temperature >= 500' })).total).toBe(2);
    expect(await client.deleteResult('exec-batch-1')).toEqual({
      status: 'deleted',
      execution_id: 'exec-batch-1',
    });
    const schema = await client.getSchema('thermal_sim');
    expect(schema.parameters.find((q) => q.name === 'temperature')).toMatchObject({
      units: 'kelvin',
      min: 280,
    });
    await expect(client.search({ filter: 'inputs.temperature >' })).rejects.toBeInstanceOf(SimvaultError);
  });
});
