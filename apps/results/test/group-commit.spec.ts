import type { Principal } from '@simvault/auth';
import { dataSourceToken, gatewayOf, openDatabase } from '@simvault/db';
import { TEST_BACKENDS } from '@simvault/db/testing';
import type { DataSource } from 'typeorm';
import { RegistrationService } from '../src/registration/registration.service';
import { RESULTS_DB } from '../src/tokens';
import { startResultsPlatform, type ResultsPlatform } from './platform';

/** What sim2l's ResultsClient.register_direct sends for one run. */
const direct = (execution_id: string) => ({
  execution_id,
  simulation_name: 'grouped_sim',
  simulation_version: '1.0',
  squid_id: null,
  input_params: { n: Number(execution_id.replace(/\D/g, '')) },
  output_params: { y: 1.5 },
  status: 'completed',
  duration_seconds: 2,
  run_db_path: '',
  metadata: null,
});

describe.each(TEST_BACKENDS)('register_direct through group commit on %s', (backend) => {
  let p: ResultsPlatform;
  let app: DataSource;
  /** A connection of its own to the results database: it sees only what has committed. */
  let reader: DataSource;
  const as = () => ({ 'X-Session-ID': p.tokens.user });
  const caller = {
    sessionId: 's',
    kind: 'user',
    userId: null,
    username: 'runner',
    role: 'user',
    privileges: ['execute', 'read', 'write'],
    expiresAt: new Date(Date.now() + 3_600_000),
    name: null,
  } as Principal;

  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    app = p.results.get<DataSource>(dataSourceToken(RESULTS_DB));
    const options = app.options as { database?: string; url?: string };
    reader = await openDatabase({
      url: backend === 'sqlite' ? `sqlite:${options.database}` : options.url!,
      entities: [],
      runMigrations: false,
    });
  });
  afterAll(async () => {
    await reader.destroy();
    await p.close();
  });

  const committed = async (ids: string[]) =>
    (
      await reader.query<{ execution_id: string }[]>(
        `SELECT execution_id FROM results WHERE execution_id IN (${ids.map((_, i) => (backend === 'sqlite' ? '?' : `$${i + 1}`)).join(', ')})`,
        ids,
      )
    ).map((r) => r.execution_id);

  it('answers each of many concurrent registrations only once another connection sees it', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => `direct-http-${i}`);
    const visible = await Promise.all(
      ids.map(async (id) => {
        await p.http().post('/register_direct').set(as()).send(direct(id)).expect(200);
        return (await committed([id])).length;
      }),
    );
    expect(visible).toEqual(Array(16).fill(1));
  });

  it('commits the registrations that arrive while a commit runs in one transaction', async () => {
    const service = p.results.get(RegistrationService);
    const ids = Array.from({ length: 12 }, (_, i) => `direct-grp-${i}`);
    let release!: () => void;
    let held: Promise<unknown>;
    let transactions = 0;
    const gateway = gatewayOf(app);
    const transaction = gateway.transaction.bind(gateway);
    // Counts the transactions the gateway runs (each still runs as it would).
    gateway.transaction = ((work: Parameters<typeof transaction>[0]) => {
      transactions++;
      return transaction(work);
    }) as typeof gateway.transaction;
    try {
      if (backend === 'postgres') {
        // Another connection keeps writers of `results` waiting, so the first commit takes a while.
        const lock = reader.createQueryRunner();
        await lock.connect();
        await lock.startTransaction();
        await lock.query('LOCK TABLE results IN EXCLUSIVE MODE');
        held = new Promise<void>((resolve) => (release = resolve)).then(async () => {
          await lock.commitTransaction();
          await lock.release();
        });
      } else {
        // SQLite: a transaction of the app itself holds the one connection meanwhile.
        held = transaction(() => new Promise<void>((resolve) => (release = resolve)));
      }
      const answers = ids.map((id) =>
        service.registerDirect(direct(id), caller).then(async (answer) => {
          expect(await committed([id])).toEqual([id]);
          return answer;
        }),
      );
      // Every registration has read what it needs and waits for its commit.
      await new Promise((resolve) => setTimeout(resolve, 400));
      release();
      await held;
      expect((await Promise.all(answers)).map((a) => a.success)).toEqual(Array(12).fill(true));
    } finally {
      gateway.transaction = transaction;
    }
    expect((await committed(ids)).sort()).toEqual([...ids].sort());
    // At most the first ones alone (they began the commit the others waited for), the others
    // together: not one transaction per registration.
    expect(transactions).toBeGreaterThanOrEqual(1);
    expect(transactions).toBeLessThanOrEqual(2);
    if (backend === 'postgres') {
      // PostgreSQL stamps a row with the id of the transaction that wrote it.
      const xmins = await reader.query<{ xmin: string }[]>(
        "SELECT DISTINCT xmin::text AS xmin FROM results WHERE execution_id LIKE 'direct-grp-%'",
      );
      expect(xmins.length).toBe(transactions);
    }
  });
});
