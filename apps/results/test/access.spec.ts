import { accessGaps, PUBLIC_ROUTES } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { startResultsPlatform, thermalRun, type ResultsPlatform } from './platform';

type Method = 'get' | 'post' | 'delete';
type Who = keyof ResultsPlatform['tokens'];

const direct = (id: string) => ({
  execution_id: id,
  simulation_name: 'matrix_sim',
  simulation_version: '1',
  input_params: { x: 1 },
  output_params: { y: 2 },
  status: 'completed',
});

/** Each results route, a valid body, and the sessions that lack its privilege. */
const MATRIX: [Method, string, object | undefined, Who[]][] = [
  ['post', '/register', { execution_id: 'exec-matrix' }, ['readonly', 'noread']],
  ['post', '/register/batch', { paths: ['x.db'] }, ['readonly', 'noread']],
  ['post', '/register/upload', undefined, ['readonly', 'noread']],
  ['post', '/register_direct', direct('exec-direct'), ['readonly', 'noread']],
  ['post', '/search', {}, ['noread']],
  ['get', '/results', undefined, ['noread']],
  ['get', '/results/exec-matrix', undefined, ['noread']],
  ['get', '/results/exec-matrix/run-file', undefined, ['noread']],
  ['post', '/results/exec-matrix/invalidate', { reason: 'r' }, ['readonly', 'noread']],
  ['delete', '/results/exec-matrix', undefined, ['readonly', 'noread']],
  ['get', '/stats/matrix_sim/x?class=input', undefined, ['noread']],
  ['get', '/schemas', undefined, ['noread']],
  ['get', '/schemas/matrix_sim', undefined, ['noread']],
  ['get', '/jobs/1', undefined, ['noread']],
];

describe.each(TEST_BACKENDS)('the results privilege matrix on %s', (backend) => {
  let p: ResultsPlatform;
  beforeAll(async () => {
    p = await startResultsPlatform(backend);
    p.sim2lRun(thermalRun('exec-matrix', { temperature: 300 }));
  });
  afterAll(() => p.close());

  it('declares an access rule on every route', () => {
    expect(accessGaps(p.results)).toEqual({ undeclared: [], public: PUBLIC_ROUTES });
  });

  describe.each(MATRIX)('%s %s', (method, path, body, refused) => {
    it('is refused without a token (401)', async () => {
      await p.http()[method](path).send(body).expect(401);
    });
    it.each(refused)('is refused to a %s session (403)', async (who) => {
      const res = await p.http()[method](path).set('X-Session-ID', p.tokens[who]).send(body).expect(403);
      expect(res.body.error).toMatch(/needs the (\w+) privilege/);
    });
  });

  it('lets the right sessions through', async () => {
    const as = (who: Who) => ({ 'X-Session-ID': p.tokens[who] });
    await p.http().post('/register').set(as('anonymous')).send({ execution_id: 'exec-matrix' }).expect(200);
    await p.http().post('/register_direct').set(as('user')).send(direct('exec-direct')).expect(200);
    await p.http().get('/results/exec-matrix').set(as('readonly')).expect(200);
    await p.http().post('/search').set(as('readonly')).send({}).expect(200);
    await p.http().get('/stats/thermal_sim/temperature?class=input').set(as('readonly')).expect(200);
    await p
      .http()
      .post('/results/exec-matrix/invalidate')
      .set(as('user'))
      .send({ reason: 'checked' })
      .expect(200);
    await p.http().delete('/results/exec-direct').set(as('user')).expect(200);
  });
});
