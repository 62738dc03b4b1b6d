import { ConfigError, loadConfig } from './config';
import { clientAddress, NetworkList } from './networks';

describe('client networks (SIMVAULT_SEAMLESS_WRITE_FROM)', () => {
  it('match IPv4 and IPv6 addresses, IPv4-mapped ones as IPv4', () => {
    const { list, problems } = NetworkList.parse(['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8', '192.168.1.7']);
    expect(problems).toEqual([]);
    expect(list.networks).toEqual(['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8', '192.168.1.7/32']);
    for (const inside of ['127.0.0.1', '10.255.0.1', '::ffff:10.1.2.3', 'fd12::1', '192.168.1.7']) {
      expect([inside, list.allows(inside)]).toEqual([inside, true]);
    }
    for (const outside of [
      '127.0.0.2',
      '11.0.0.1',
      '::ffff:11.0.0.1',
      '::1',
      'fe80::1',
      '192.168.1.8',
      '',
      'x',
    ]) {
      expect([outside, list.allows(outside)]).toEqual([outside, false]);
    }
    expect(list.allows(undefined)).toBe(false);
    expect(NetworkList.parse(['::1/128']).list.allows('::1')).toBe(true);
    expect(NetworkList.parse(['0.0.0.0/0']).list.allows('::ffff:8.8.8.8')).toBe(true);
    expect(clientAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientAddress('::1')).toBe('::1');
  });

  it('default to loopback only, and refuse what is not a network', () => {
    expect(loadConfig({}, { NODE_ENV: 'test' }).seamless).toMatchObject({
      writable: false,
      writeFrom: ['127.0.0.0/8', '::1/128'],
      bodyLimitBytes: 4 * 1024 * 1024,
    });
    const bad = ['10.0.0.0/33', '::/129', 'localhost', '10.0.0.0/8/1', '300.1.1.1'];
    try {
      loadConfig({}, { NODE_ENV: 'test', SIMVAULT_SEAMLESS_WRITE_FROM: `127.0.0.1/32,${bad.join(',')}` });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(
        bad.map(
          (entry) =>
            `SIMVAULT_SEAMLESS_WRITE_FROM: "${entry}" is not a network: write an address and a prefix length, as 10.0.0.0/8 or fd00::/8`,
        ),
      );
    }
  });
});
