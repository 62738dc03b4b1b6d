import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ArchiveEntry } from './archive';
import { tarArchive } from './tar';
import { zipArchive } from './zip';

const read = async (stream: Readable) => {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
};
const file = (path: string, content: string): ArchiveEntry => ({
  path,
  type: 'file',
  size: Buffer.byteLength(content),
  mtime: new Date('2024-03-01T10:00:00Z'),
  digest: { algorithm: 'sha256', hex: createHash('sha256').update(content).digest('hex') },
  open: async () => Readable.from([Buffer.from(content)]),
});

describe('archives', () => {
  it('announce exactly the size they stream, for names ustar holds and names it does not', async () => {
    const entries: ArchiveEntry[] = [
      { path: 'top', type: 'directory', size: 0, mtime: new Date(0) },
      file('top/short.txt', 'short'),
      file(`top/${'d'.repeat(90)}/${'n'.repeat(90)}.txt`, 'split into prefix and name'),
      file(`top/${'x'.repeat(300)}`, 'needs a pax path'),
      file('top/naïve ☃', 'not ascii'),
      file('top/empty', ''),
    ];
    for (const archive of [tarArchive(entries), zipArchive(entries)]) {
      expect((await read(archive.stream())).length).toBe(archive.size);
    }
  });

  it('refuse to stream a member that is not the size it announced', async () => {
    const liar: ArchiveEntry = { ...file('a', 'abc'), size: 5 };
    await expect(read(tarArchive([liar]).stream())).rejects.toThrow('a ended after 3 of 5 bytes.');
    await expect(read(zipArchive([{ ...liar, size: 2 }]).stream())).rejects.toThrow(
      'a is longer than the 2 bytes announced.',
    );
  });

  it('write ZIP64 end records past 65,535 members, which zip readers accept', async () => {
    const entries = Array.from({ length: 65_600 }, (_, i) => file(`m/${i}`, String(i % 10)));
    const archive = zipArchive(entries);
    const bytes = await read(archive.stream());
    expect(bytes.length).toBe(archive.size);
    const dir = mkdtempSync(join(tmpdir(), 'simvault-zip64-'));
    try {
      writeFileSync(join(dir, 'a.zip'), bytes);
      const out = execFileSync('python3', [
        '-c',
        'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(len(z.namelist()), z.read("m/65599").decode())',
        join(dir, 'a.zip'),
      ]);
      expect(out.toString().trim()).toBe('65600 9');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
