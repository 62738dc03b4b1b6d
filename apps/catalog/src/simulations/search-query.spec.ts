import { fts5Expression, parseQuery, tsqueryExpression } from './search-query';

describe('the search syntax', () => {
  it('turns words, phrases, exclusions and tags into one expression per engine', () => {
    const parsed = parseQuery('Therm "heat transfer" thermal_sim -legacy tag:FEM');
    expect(parsed).toEqual({
      include: [
        { tokens: ['therm'], prefix: true },
        { tokens: ['heat', 'transfer'], prefix: false },
        { tokens: ['thermal', 'sim'], prefix: true },
      ],
      exclude: [{ tokens: ['legacy'], prefix: true }],
      tags: ['fem'],
    });
    expect(fts5Expression(parsed)).toBe('("therm"* "heat transfer" "thermal sim"*) NOT "legacy"*');
    expect(tsqueryExpression(parsed)).toBe(
      '(therm:*) & (heat <-> transfer) & (thermal <-> sim:*) & !(legacy:*)',
    );
  });

  it('keeps only letters and digits of anything else, so no operator of either engine gets through', () => {
    const parsed = parseQuery(`a&b|c !d (e) 'f' NEAR(g h) * : "`);
    const tokens = parsed.include.flatMap((t) => t.tokens);
    expect(tokens).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'near', 'g', 'h']);
    expect(fts5Expression(parsed)).toBe('("a b c"* "d"* "e"* "f"* "near g"* "h"*)');
    expect(tsqueryExpression(parsed)).toBe(
      '(a <-> b <-> c:*) & (d:*) & (e:*) & (f:*) & (near <-> g:*) & (h:*)',
    );
    expect(parseQuery('   ')).toEqual({ include: [], exclude: [], tags: [] });
  });
});
