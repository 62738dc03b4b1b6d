import { randomBytes } from 'node:crypto';
import { createLogger } from '@simvault/core';
import { BullmqQueueDriver } from './bullmq.driver';
import { createQueueDriver } from './queue.module';
import { InlineQueueDriver } from './inline.driver';
import type { QueueDriver } from './queue.types';
import { removeQueueData } from './testing';

const REDIS_URL = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');

async function settled(driver: QueueDriver, queue: string, id: string) {
  for (let i = 0; i < 100; i++) {
    const status = await driver.status(queue, id);
    if (status && (status.state === 'completed' || status.state === 'failed')) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

describe.each(['inline', 'bullmq'] as const)('the %s queue driver', (kind) => {
  let driver: QueueDriver;
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  beforeEach(() => {
    driver =
      kind === 'inline' ? new InlineQueueDriver(logger) : new BullmqQueueDriver(REDIS_URL, prefix, logger);
  });
  afterEach(async () => {
    await driver.close();
    if (kind === 'bullmq') await removeQueueData(REDIS_URL, prefix);
  });

  it('runs a job through its processor, with progress and result', async () => {
    driver.process('work', async (data, job) => {
      await job.updateProgress(50);
      return { doubled: (data as { n: number }).n * 2 };
    });
    await driver.ping();
    const id = await driver.add('work', 'double', { n: 21 });
    const status = await settled(driver, 'work', id);
    expect(status).toMatchObject({
      id,
      queue: 'work',
      name: 'double',
      state: 'completed',
      result: { doubled: 42 },
    });
  });

  it('keeps a job added before its queue has a processor until one comes', async () => {
    const id = await driver.add('late', 'early-bird', { n: 1 });
    expect((await driver.status('late', id))?.state).toBe('waiting');
    driver.process('late', async (data) => data);
    expect(await settled(driver, 'late', id)).toMatchObject({ state: 'completed', result: { n: 1 } });
  });

  it('reports a failing job as failed with its message', async () => {
    driver.process('broken', async () => {
      throw new Error('no disk');
    });
    const id = await driver.add('broken', 'try', {});
    expect(await settled(driver, 'broken', id)).toMatchObject({ state: 'failed', error: 'no disk' });
    expect(await driver.status('broken', 'no-such-job')).toBeNull();
  });

  it('runs a repeatable job on its schedule', async () => {
    let runs = 0;
    driver.process('tick', async () => {
      runs++;
    });
    await driver.repeat('tick', 'tick', 200);
    const end = Date.now() + 5000;
    while (runs < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});

describe('in-process queues without Redis', () => {
  it('are shared by the apps of one process, as Redis would be, and close with the last of them', async () => {
    const config = { redisUrl: undefined } as Parameters<typeof createQueueDriver>[0];
    const results = createQueueDriver(config, logger, 'shared-test');
    const files = createQueueDriver(config, logger, 'shared-test');
    const seen: unknown[] = [];
    files.process('run-registered', async (data) => {
      seen.push(data);
    });
    const id = await results.add('run-registered', 'registered', { execution_id: 'exec-1' });
    expect(await settled(results, 'run-registered', id)).toMatchObject({ state: 'completed' });
    expect(seen).toEqual([{ execution_id: 'exec-1' }]);
    await results.close();
    expect(await files.status('run-registered', id)).not.toBeNull();
    await files.close();
  });
});
