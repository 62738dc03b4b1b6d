/**
 * A version rewritten so that comparing two keys byte by byte orders the versions as versions:
 * 1.9.0 < 1.10.0, 2.0.0-rc.1 < 2.0.0 < 2.0.0.1. Stored in `version_key` and indexed, so "the
 * latest version" is one index read.
 *
 * - A leading `v` and any `+build` suffix are ignored; the version splits at the first `-` into a
 *   release (`1.2.3`) and a pre-release (`rc.1`), and each into `.`-separated segments.
 * - Each segment becomes its runs of digits and of other characters: a digit run is written as
 *   its length (one letter, `A` = 1 digit) then its digits, so longer numbers sort after shorter
 *   ones; other runs are lower-cased and sort after numbers (semver: `1.0.0-1 < 1.0.0-alpha`).
 * - Segments join with `.`; the release then ends in `#`, or in `!` and the pre-release. Since
 *   `!` < `#` < `.`, a pre-release sorts before its release, and a release before a longer one.
 */
export function versionKey(version: string): string {
  const plain = version
    .trim()
    .replace(/^v(?=\d)/i, '')
    .split('+')[0];
  const dash = plain.indexOf('-');
  const release = dash < 0 ? plain : plain.slice(0, dash);
  const pre = dash < 0 ? '' : plain.slice(dash + 1);
  const key = segments(release) + (pre ? `!${segments(pre)}` : '#');
  return key.slice(0, 512);
}

function segments(part: string): string {
  return part
    .split('.')
    .map((segment) =>
      (segment.match(/\d+|\D+/g) ?? [])
        .map((run) => {
          if (!/^\d/.test(run)) return run.toLowerCase();
          const digits = run.replace(/^0+(?=\d)/, '');
          return String.fromCharCode(64 + Math.min(digits.length, 26)) + digits;
        })
        .join(''),
    )
    .join('.');
}

/** Orders versions as `version_key` does (for sorting in memory). */
export function compareVersions(a: string, b: string): number {
  const ka = versionKey(a);
  const kb = versionKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
