import { describe, it } from 'vitest';
import { uploaderCases } from './cases.js';
import { useUploaderEnv, type MakeUploader, type UploaderContractOptions } from './setup.js';

export type { MakeUploader, UploaderContractOptions } from './setup.js';
export { mp4Sample, pngSample, type SampleFile } from './samples.js';

/**
 * The uploader contract: every guarantee of the `Uploader` port as a vitest suite. Call it at
 * the top level of a test file. `make` runs before every test; each test uploads into a folder
 * of its own and the files it uploaded are removed after it. Checked: images and videos come
 * back byte for byte with their size and format; ids and URLs are distinct and carry no name
 * the stream brings; an abort (mid-stream, as the stream ends, or before it starts) and a
 * failing stream reject and store nothing; 10 concurrent uploads stay distinct and intact;
 * `remove` is idempotent; `ping` answers.
 *
 * Files are read back with `options.read` (by default a `fetch` of `result.url`). What was
 * stored is seen through `options.list` (what the backend holds under a folder): without it,
 * the cases that only check that are skipped, each saying so, and the abort and failure cases
 * check the rejection alone.
 *
 * @example
 * import { uploaderContract } from '@vaultkit/testkit';
 * import { myUploader } from '../src/index.js';
 *
 * const bucket = await createTestBucket();
 * uploaderContract('my-uploader', () => myUploader(bucket), {
 *   list: async (folder) => bucket.keys(`${folder}/`),
 * });
 */
export function uploaderContract(name: string, make: MakeUploader, options: UploaderContractOptions = {}): void {
  describe(`uploader contract: ${name}`, () => {
    const env = useUploaderEnv(make, options);
    for (const c of uploaderCases) {
      if (c.needs === 'list' && !options.list) {
        it.skip(`${c.name} [skipped: needs options.list]`, () => {});
        continue;
      }
      it(c.name, async (context) => {
        if (c.needs === 'ping' && !env.uploader.ping) return context.skip('the uploader has no ping');
        await c.run(env);
      });
    }
  });
}
