import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { RunDatabase } from '@simvault/run-db';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN_PASSWORD, startConsolePlatform, type ConsolePlatform } from './platform';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it). */
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of each step, for a person to look at. */
const SHOTS = resolve(__dirname, '../../../test-output/console');
/** One backend is enough here: this suite tests the page; the services' suites test both backends. */
const BACKEND = TEST_BACKENDS.includes('sqlite') ? 'sqlite' : TEST_BACKENDS[0];

jest.setTimeout(60_000);

/** 40 runs of thermal_sim: temperature 300, 305, … K in; max_stress 1e8 + i·1e6 Pa out. */
const RUNS = Array.from({ length: 40 }, (_, i) => ({
  id: `exec-${String(i).padStart(3, '0')}`,
  temperature: 300 + 5 * i,
  pressure: 1 + (i % 7),
  maxStress: 1e8 + i * 1e6,
}));

/** exec-025's residual curve: 1500 points (drawn whole), one spike at step 700. */
const RESIDUAL = Array.from({ length: 1500 }, (_, i) => ({ step: i, value: i === 700 ? 9 : 1 / (1 + i) }));
/** And a long series the results service downsamples for the chart (min/max per bucket). */
const LONG = Array.from({ length: 6000 }, (_, i) => Math.sin(i / 100));
/** exec-025's log lines: every fifth an ERROR. */
const LOGS = Array.from({ length: 60 }, (_, i) => ({
  level: i % 5 === 4 ? 'ERROR' : i % 2 ? 'DEBUG' : 'INFO',
  message: `solver step ${i}`,
}));

/** A real PNG (4×4, one colour), so the browser has an image to decode. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  // Each row: filter byte 0, then four RGB pixels.
  const rows = Buffer.concat(
    Array.from({ length: 4 }, () => Buffer.from([0, ...[0, 1, 2, 3].flatMap(() => [36, 86, 166])])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe(`the console in a real browser (Chromium, ${BACKEND})`, () => {
  let p: ConsolePlatform;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [p, browser] = await Promise.all([
      startConsolePlatform(BACKEND, ['results', 'files', 'cache', 'catalog']),
      chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] }),
    ]);
    for (const run of RUNS) {
      const file = RunDatabase.open(join(p.runRoot, `${run.id}.db`));
      try {
        file.initializeRun('thermal_sim', '1.0.0');
        file.saveInput('temperature', run.temperature, 'number', { units: 'kelvin' });
        file.saveInput('pressure', run.pressure, 'number', { units: 'bar' });
        file.saveOutput('max_stress', run.maxStress, 'number', { units: 'pascal' });
        if (run.id === 'exec-025') {
          file.saveArtifact('plots/stress.png', { data: png() }, { contentType: 'image/png' });
          file.saveArtifact(
            'summary.csv',
            { data: 'step,residual\n1,0.5\n2,0.25\n' },
            { contentType: 'text/csv' },
          );
          file.saveMetrics([
            ...RESIDUAL.map((m) => ({ name: 'residual', value: m.value, metadata: { step: m.step } })),
            ...LONG.map((value) => ({ name: 'energy', value, unit: 'J' })),
          ]);
          file.logMany(LOGS.map((l) => ({ ...l, level: l.level as 'INFO' })));
        }
        file.completeRun('completed', { durationSeconds: 2 });
      } finally {
        file.close();
      }
      await request(p.apps.results!.getHttpServer())
        .post('/register')
        .set(p.as('user'))
        .send({ execution_id: run.id })
        .expect(200);
    }
    // The files service indexes a run's artifacts from the registration queue.
    for (let i = 0; i < 200; i++) {
      const res = await request(p.apps.files!.getHttpServer()).get('/runs/exec-025/files').set(p.as('user'));
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    // A cached result that a user has hit once, for the cache page.
    const cache = () => request(p.apps.cache!.getHttpServer());
    await cache()
      .post('/cache')
      .set(p.as('developer'))
      .send({
        cache_key: 'thermal_sim/1.0.0/exec-025',
        simulation_name: 'thermal_sim',
        simulation_version: '1.0.0',
        execution_id: 'exec-025',
        compute_seconds: 340,
      })
      .expect(200);
    await cache().get('/cache/thermal_sim/1.0.0/exec-025').set(p.as('user')).expect(200);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('signs in, searches with a filter (errors at their caret), opens a run, plots real data, and is refused the admin pages', async () => {
    await page.goto(p.url);
    await page.getByLabel('Username').fill('usr');
    await page.getByLabel('Password').fill('usr-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Runs 1–25 of 40').waitFor();
    // The token is in an HttpOnly cookie: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([
      ['simvault_session', true, 'Strict'],
    ]);
    // Columns carry their units.
    await page.getByRole('columnheader', { name: /temperature \(kelvin\)/ }).waitFor();
    await shot('1-runs');

    // A malformed filter: the service's sentence, and its caret under the character it points at.
    const bad = 'inputs.temperature >> 300';
    const answer = await request(p.apps.results!.getHttpServer())
      .post('/search')
      .set(p.as('user'))
      .send({ simulation_name: 'thermal_sim', filter: bad })
      .expect(400);
    const { position } = answer.body.details as { position: number };
    expect(bad[position - 1]).toBe('>');
    const filter = page.getByLabel('Filter');
    await filter.fill(bad);
    await page.getByRole('button', { name: 'Search' }).click();
    const caret = page.locator('pre.caret');
    await caret.waitFor();
    expect(await caret.getAttribute('data-position')).toBe(String(position));
    expect((await caret.textContent())!.split('\n')).toEqual([bad, `${' '.repeat(position - 1)}^`]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(answer.body.error);
    await shot('2-filter-error');

    await filter.fill('inputs.temperature >= 400');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Runs 1–20 of 20').waitFor();

    // The scatter draws exactly the matching runs' values.
    await page.getByLabel('X', { exact: true }).selectOption('inputs.temperature');
    await page.getByLabel('Y', { exact: true }).selectOption('outputs.max_stress');
    const expected = RUNS.filter((r) => r.temperature >= 400).map((r) => [r.temperature, r.maxStress, r.id]);
    await page.waitForFunction((n) => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      const option = charts.scatter?.getOption() as
        { xAxis: { name: string }[]; series: { data: unknown[] }[] } | undefined;
      return option?.xAxis[0].name === 'temperature (kelvin)' && option.series[0].data.length === n;
    }, expected.length);
    const drawn = await page.evaluate(() => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      const option = charts.scatter.getOption() as {
        yAxis: { name: string }[];
        series: { data: unknown[] }[];
      };
      return { y: option.yAxis[0].name, data: option.series[0].data };
    });
    expect(drawn.y).toBe('max_stress (pascal)');
    expect(
      [...drawn.data].sort((a, b) => String((a as string[])[2]).localeCompare(String((b as string[])[2]))),
    ).toEqual(expected);
    // The histogram counts every run of the simulation, bin by bin, beside its statistics.
    await page.getByLabel('Histogram of', { exact: true }).selectOption('inputs.temperature');
    await page.waitForFunction(() => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      const option = charts.histogram?.getOption() as { xAxis: { name: string }[] } | undefined;
      return option?.xAxis[0].name === 'temperature (kelvin)';
    });
    const bins = await page.evaluate(() => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      return (charts.histogram.getOption() as { series: { data: number[] }[] }).series[0].data;
    });
    expect(bins).toHaveLength(20);
    expect(bins.reduce((a, b) => a + b, 0)).toBe(RUNS.length);
    const mean = RUNS.reduce((a, r) => a + r.temperature, 0) / RUNS.length;
    await expect(page.locator('dl.stats').textContent()).resolves.toContain(`mean${mean}`);
    // Parallel coordinates: one line per matching run across the numeric parameters, with units.
    await page.waitForFunction((n) => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      const option = charts.parallel?.getOption() as { series: { data: unknown[] }[] } | undefined;
      return option?.series[0].data.length === n;
    }, expected.length);
    const parallel = await page.evaluate(() => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      const option = charts.parallel.getOption() as {
        parallelAxis: { name: string }[];
        series: { data: number[][] }[];
      };
      return { axes: option.parallelAxis.map((a) => a.name), lines: option.series[0].data };
    });
    expect(parallel.axes).toEqual(['pressure (bar)', 'temperature (kelvin)', 'max_stress (pascal)']);
    const byTemperature = (a: number[], b: number[]) => a[1] - b[1];
    expect([...parallel.lines].sort(byTemperature)).toEqual(
      RUNS.filter((r) => r.temperature >= 400).map((r) => [r.pressure, r.temperature, r.maxStress]),
    );
    await shot('3-compare');

    // A run: its values with units, and its artifacts previewed.
    await page.getByRole('link', { name: 'exec-025' }).click();
    await page.getByRole('heading', { name: 'Run exec-025' }).waitFor();
    const inputs = page.getByRole('table', { name: 'Inputs' });
    await expect(
      inputs.getByRole('row', { name: /temperature \(kelvin\)/ }).textContent(),
    ).resolves.toContain('425');
    await expect(
      page
        .getByRole('table', { name: 'Outputs' })
        .getByRole('row', { name: /max_stress/ })
        .textContent(),
    ).resolves.toContain(String(1e8 + 25e6));
    const csv = page.getByRole('listitem').filter({ hasText: 'summary.csv' });
    await csv.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('table', { name: 'summary.csv preview' });
    await preview.locator('td').first().waitFor();
    expect(await preview.locator('th').allTextContents()).toEqual(['step', 'residual']);
    await expect(preview.locator('td').allTextContents()).resolves.toEqual(['1', '0.5', '2', '0.25']);
    const image = page.getByRole('listitem').filter({ hasText: 'plots/stress.png' });
    await image.getByRole('button', { name: 'Preview' }).click();
    const img = page.getByRole('img', { name: 'plots/stress.png' });
    await page.waitForFunction(
      () => (document.querySelector('img.preview') as HTMLImageElement | null)?.naturalWidth === 4,
    );
    expect(await img.getAttribute('src')).toMatch(/^\/api\/files\/runs\/exec-025\/files\/plots\/stress\.png/);

    // Its metric series, drawn from the run file's points: the residual whole, the long one downsampled.
    const drawnSeries = (name: string) =>
      page.evaluate((n) => {
        const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
          .simvaultCharts;
        const option = charts[n]?.getOption() as { series: { data: [number, number][] }[] } | undefined;
        return option?.series[0].data ?? null;
      }, `metric:${name}`);
    await page.waitForFunction(() =>
      ['metric:residual', 'metric:energy'].every(
        (n) => (window as unknown as { simvaultCharts: Record<string, unknown> }).simvaultCharts[n],
      ),
    );
    expect(await drawnSeries('residual')).toEqual(RESIDUAL.map((m) => [m.step, m.value]));
    const energy = (await drawnSeries('energy'))!;
    expect(energy.length).toBeLessThanOrEqual(2000);
    expect(energy.length).toBeGreaterThan(1000);
    // Position steps, in order, and the curve's extremes kept.
    energy.forEach(([step, value]) => expect(value).toBe(LONG[step]));
    expect(Math.max(...energy.map(([, v]) => v))).toBe(Math.max(...LONG));
    expect(Math.min(...energy.map(([, v]) => v))).toBe(Math.min(...LONG));
    await page.getByText(`${energy.length} of 6000 points (min/max per bucket)`).waitFor();

    // The series choice works from the keyboard, each checkbox named by its series.
    const energyBox = page.getByRole('checkbox', { name: 'energy (6000 points)' });
    await energyBox.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () =>
        !(window as unknown as { simvaultCharts: Record<string, unknown> }).simvaultCharts['metric:energy'],
    );
    expect(await energyBox.isChecked()).toBe(false);
    await page.keyboard.press('Space');
    await page.getByText(`${energy.length} of 6000 points (min/max per bucket)`).waitFor();

    // Its logs: 60 lines in pages of 50, then only the errors.
    await page.getByText('Lines 1–50 of 60').waitFor();
    await page.getByRole('navigation', { name: 'Log pages' }).getByRole('button', { name: 'Later' }).click();
    await page.getByText('Lines 51–60 of 60').waitFor();
    await page.getByLabel('Level').selectOption('ERROR');
    await page.getByText('Lines 1–12 of 12').waitFor();
    const logRows = page.getByRole('table', { name: 'Log lines' }).locator('tbody tr');
    expect(await logRows.locator('td.message').allTextContents()).toEqual(
      LOGS.filter((l) => l.level === 'ERROR').map((l) => l.message),
    );
    // Its cache entry, found by execution id.
    await page
      .getByRole('table', { name: 'Cache entries of this run' })
      .getByRole('cell', { name: 'thermal_sim/1.0.0/exec-025' })
      .waitFor();
    await shot('4-run');

    // Not an admin: no Admin menu, the page says so, and the service refuses its data.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
      'Results',
      'Catalog',
      'Cache',
    ]);
    await page.goto(`${p.url}/#/admin/users`);
    await page.getByRole('alert').filter({ hasText: 'for administrators' }).waitFor();
    expect(await page.evaluate(() => fetch('/api/auth/users').then((r) => r.status))).toBe(403);
    await shot('5-admin-refused');

    // Signing out ends the session for good.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => fetch('/console/session').then((r) => r.status))).toBe(401);
  });

  const signIn = async (username: string, password: string) => {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };

  it('shows a developer the cache over time, lets them invalidate with a reason, and lists it in the audit log', async () => {
    await page.goto(`${p.url}/#/cache`);
    await signIn('dev', 'dev-password');
    await page.getByRole('heading', { name: 'Cache' }).waitFor();
    // The hour's bucket: one lookup, a hit, 340 s saved.
    await page.waitForFunction(() => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      return Boolean(charts['cache-history']);
    });
    const series = await page.evaluate(() => {
      const charts = (window as unknown as { simvaultCharts: Record<string, { getOption(): unknown }> })
        .simvaultCharts;
      return (charts['cache-history'].getOption() as { series: { data: [string, number][] }[] }).series.map(
        (s) => s.data.filter(([, v]) => v > 0).map(([, v]) => v),
      );
    });
    expect(series).toEqual([[100], [340]]);
    const form = page.getByRole('region', { name: 'Invalidate' });
    await form.getByLabel('Simulation').fill('thermal_sim');
    await form.getByLabel('Reason').fill('wrong material constants');
    await form.getByRole('button', { name: 'Invalidate' }).click();
    await page.getByRole('status').filter({ hasText: '1 entries invalidated.' }).waitFor();
    const audit = page.getByRole('table', { name: 'Invalidations' });
    await audit.getByRole('cell', { name: 'wrong material constants' }).waitFor();
    expect(await audit.locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      expect.any(String),
      'dev',
      'wrong material constants',
      '1',
    ]);
    await shot('6-cache-invalidated');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('explains why an invalidated entry misses: who invalidated it and why, and which inputs the nearest valid entries differ in', async () => {
    // exec-025's entry was invalidated by the test above; two valid entries of other runs now.
    const cache = () => request(p.apps.cache!.getHttpServer());
    const near = ['exec-032', 'exec-024'];
    for (const id of near)
      await cache()
        .post('/cache')
        .set(p.as('developer'))
        .send({
          cache_key: `thermal_sim/1.0.0/${id}`,
          simulation_name: 'thermal_sim',
          simulation_version: '1.0.0',
          execution_id: id,
        })
        .expect(200);
    // The model: the runs' own inputs, differing names listed in name order, fewest first.
    const asked = RUNS.find((r) => r.id === 'exec-025')!;
    const expected = near
      .map((id) => {
        const run = RUNS.find((r) => r.id === id)!;
        const differing = (['pressure', 'temperature'] as const)
          .filter((name) => run[name] !== asked[name])
          .map((name) => `${name}: ${asked[name]} vs ${run[name]}`);
        return { key: `thermal_sim/1.0.0/${id}`, differing };
      })
      .sort((a, b) => a.differing.length - b.differing.length);

    await page.goto(`${p.url}/#/cache`);
    await signIn('usr', 'usr-password');
    const entries = page.getByRole('table', { name: 'Cache entries' });
    await entries.getByRole('cell', { name: 'thermal_sim/1.0.0/exec-032' }).waitFor();
    // Valid entries have no "why?"; the invalidated one has.
    expect(await entries.getByRole('button', { name: /^Why does/ }).count()).toBe(1);
    await entries.getByRole('button', { name: 'Why does thermal_sim/1.0.0/exec-025 miss?' }).click();
    const explanation = page.getByRole('region', { name: 'Explanation' });
    await explanation.getByRole('status').filter({ hasText: 'invalidated' }).waitFor();
    expect(await explanation.getByRole('status').textContent()).toMatch(
      /^thermal_sim\/1\.0\.0\/exec-025: invalidated by dev at .+: wrong material constants$/,
    );
    const rows = explanation.getByRole('table', { name: 'Nearest valid entries' }).locator('tbody tr');
    await rows.nth(1).waitFor();
    const cells = await Promise.all([0, 1].map(async (i) => rows.nth(i).locator('td').allTextContents()));
    expect(cells).toEqual(expected.map((e) => [e.key, '1.0.0', e.differing.join('; ')]));
    // The form by hand: a key never stored says so.
    const form = page.getByRole('region', { name: 'Why did this miss?' });
    await form.getByLabel('Key').fill('thermal_sim/1.0.0/never');
    await form.getByLabel(/Inputs/).fill('');
    await form.getByRole('button', { name: 'Explain' }).click();
    await explanation.getByText('No entry has the key "thermal_sim/1.0.0/never"', { exact: false }).waitFor();
    await form.getByLabel(/Inputs/).fill('{not json');
    await form.getByRole('button', { name: 'Explain' }).click();
    await form.getByText('inputs must be a JSON object', { exact: false }).waitFor();
    await shot('6b-cache-explain');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('searches the catalog ranked (name before tag before description) and lists versions in version order', async () => {
    const catalog = () => request(p.apps.catalog!.getHttpServer());
    const register = (name: string, version: string, fields: Record<string, unknown> = {}) =>
      catalog()
        .post('/simulations')
        .set(p.as('developer'))
        .send({
          name,
          version,
          description: 'A solver',
          author: 'Ada',
          tags: [],
          input_schema: { t: { type: 'Number', units: 'K' } },
          output_schema: {},
          workflow_type: 'function',
          auto_approve: true,
          ...fields,
        })
        .expect(201);
    // Versions registered out of order; 1.10.0 is the latest, not 1.9.0.
    for (const v of ['1.9.0', '1.10.0', '1.2.0']) await register('heat_solver', v);
    await register('plate_model', '1.0.0', { tags: ['heat'] });
    await register('fluid_box', '1.0.0', { description: 'Fluid flow with heat transfer' });

    await page.goto(`${p.url}/#/catalog`);
    await signIn('usr', 'usr-password');
    await page.getByLabel('Search').fill('heat');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('5 matching versions, best match first').waitFor();
    // Each simulation once, where its best-ranked version stands.
    expect(await page.locator('ul.list > li > button.link').allTextContents()).toEqual([
      'heat_solver',
      'plate_model',
      'fluid_box',
    ]);
    await page.getByRole('button', { name: 'heat_solver' }).click();
    await page.getByRole('heading', { name: 'Versions (latest first)' }).waitFor();
    const versions = page.locator('ul.list ol li');
    await versions.nth(2).waitFor();
    expect(await versions.allTextContents()).toEqual(['1.10.0', '1.9.0', '1.2.0']);
    await shot('7-catalog');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('shows an admin the users and sessions, and revokes a session for good', async () => {
    await page.goto(`${p.url}/#/admin/sessions`);
    await signIn('admin', ADMIN_PASSWORD);
    const sessions = page.getByRole('table', { name: 'Sessions' });
    await sessions.locator('tbody tr').first().waitFor();
    const row = sessions.locator('tbody tr').filter({ hasText: 'oth' }).first();
    await row.getByRole('button', { name: /Revoke/ }).click();
    await page.getByRole('status').filter({ hasText: 'Revoked session' }).waitFor();
    // oth's session (the platform's) no longer works anywhere.
    await request(p.apps.results!.getHttpServer()).get('/schemas').set(p.as('other')).expect(401);
    await shot('8-admin-sessions');
    await page.getByRole('link', { name: 'Users' }).click();
    await page
      .getByRole('table', { name: 'Users' })
      .getByRole('cell', { name: 'developer', exact: true })
      .waitFor();
  });
});
