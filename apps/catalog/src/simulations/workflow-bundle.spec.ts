import { createHash } from 'node:crypto';
import { BundleError, bundleFromFiles, checkBundle, workflowHash } from './workflow-bundle';

const options = { workflowType: null, entrypoint: null, maxBytes: 1024 };

describe('workflow bundles', () => {
  it('hash as sim2l does: files sorted by code point, path NUL content NUL', () => {
    const files = [
      { path: 'b.py', content: Buffer.from('2') },
      { path: 'a.py', content: Buffer.from('1') },
      { path: '\u{1F600}.txt', content: Buffer.from('3') },
      { path: '\uFF21.txt', content: Buffer.from('4') },
    ];
    const expected = createHash('sha256')
      .update('a.py\x001\x00b.py\x002\x00\uFF21.txt\x004\x00\u{1F600}.txt\x003\x00')
      .digest('hex');
    expect(workflowHash(files)).toBe(expected);
  });

  it('give plain-text files and an equivalent base64 bundle the same hash', () => {
    const fromFiles = bundleFromFiles([{ path: 'w.py', content: 'x = "é"' }], options);
    const fromBundle = checkBundle(fromFiles.bundle, options);
    expect(fromBundle.hash).toBe(fromFiles.hash);
    expect(fromBundle.sizeBytes).toBe(Buffer.byteLength('x = "é"'));
  });

  it('refuse an oversized bundle from its declared sizes before decoding', () => {
    const huge = { files: [{ path: 'a', content_base64: 'AAAA', size_bytes: 5000 }] };
    expect(() => checkBundle(huge, options)).toThrow(BundleError);
    expect(() => checkBundle(huge, options)).toThrow(/declares 5000 bytes; the limit is 1024/);
  });
});
