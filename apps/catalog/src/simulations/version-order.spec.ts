import { compareVersions, versionKey } from './version-order';

describe('version order', () => {
  it('orders versions as versions, not as strings', () => {
    const ordered = [
      '0.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2',
      '1.9.0',
      '1.10.0',
      '1.10.0.1',
      '2.0.0-rc1',
      '2.0.0',
      '10.0',
      '2024.01.15',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(ordered);
  });

  it('ignores a leading v, build metadata and leading zeros', () => {
    expect(versionKey('v1.2.3')).toBe(versionKey('1.2.3'));
    expect(versionKey('1.2.3+build.5')).toBe(versionKey('1.2.3'));
    expect(versionKey('1.02')).toBe(versionKey('1.2'));
    expect(compareVersions('1.0.0-alpha', '1.0.0-ALPHA')).toBe(0);
  });

  it('keeps numbers of any length in order', () => {
    expect(compareVersions('1.99999999999', '1.100000000000')).toBeLessThan(0);
    expect(compareVersions('20240115', '3')).toBeGreaterThan(0);
  });
});
