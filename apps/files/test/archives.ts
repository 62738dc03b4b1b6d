import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What an archive holds, as the standard tools read it: GNU tar for tar, Python's zipfile (which
 * checks every member's CRC-32) for zip. Answers each file's path and content, and each directory.
 */
export function unpack(
  archive: Buffer,
  format: 'tar' | 'zip',
): { files: Record<string, Buffer>; dirs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'simvault-unpack-'));
  try {
    const file = join(dir, `archive.${format}`);
    const out = join(dir, 'out');
    writeFileSync(file, archive);
    if (format === 'tar') {
      execFileSync('mkdir', ['-p', out]);
      execFileSync('tar', ['-xf', file, '-C', out], { stdio: 'pipe' });
    } else {
      execFileSync(
        'python3',
        [
          '-c',
          'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nbad = z.testzip()\nassert bad is None, bad\nz.extractall(sys.argv[2])',
          file,
          out,
        ],
        { stdio: 'pipe' },
      );
    }
    const files: Record<string, Buffer> = {};
    const dirs: string[] = [];
    for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name).slice(out.length + 1);
      if (entry.isDirectory()) dirs.push(path);
      else files[path] = readFileSync(join(out, path));
    }
    return { files, dirs: dirs.sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The member names GNU tar lists (so an escaping name would show as it is, not as extracted). */
export function tarNames(archive: Buffer): string[] {
  return execFileSync('tar', ['-tf', '-'], { input: archive }).toString().trim().split('\n');
}
