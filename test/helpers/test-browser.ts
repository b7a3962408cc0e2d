// The headless Chromium the report test drives: the system's /usr/bin/chromium, or the one @sparticuz/chromium ships in its npm tarball.
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import tar from 'tar-fs';

export interface TestBrowser {
  executablePath: string;
  /** The environment the browser process needs (the npm build's own libraries and fonts). */
  env: NodeJS.ProcessEnv;
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const NPM_PACKAGE = '@sparticuz/chromium';

/** MMLOAD_TEST_BROWSER=system or npm forces one, or names a Chromium or Chrome executable; by default the system's
 * where it exists, else the npm one. */
export async function findTestBrowser(choice = process.env.MMLOAD_TEST_BROWSER ?? ''): Promise<TestBrowser> {
  if (choice === 'npm' || (choice === '' && !existsSync(SYSTEM_CHROMIUM))) return npmChromium();
  const executablePath = choice === '' || choice === 'system' ? SYSTEM_CHROMIUM : choice;
  if (!existsSync(executablePath)) throw new Error(`MMLOAD_TEST_BROWSER=${choice}: ${executablePath} does not exist (the choices: system, npm, or a browser's path)`);
  return { executablePath, env: process.env };
}

/** The npm build, extracted once per package version into the temp directory from the package's brotli-compressed
 * files: the headless shell, its GL libraries, its fonts, and the NSS, NSPR and expat libraries it links (built for
 * Amazon Linux 2023, so they need glibc 2.34 or newer) for machines without them. */
async function npmChromium(): Promise<TestBrowser> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${NPM_PACKAGE} ships Chromium for x64 Linux only: set MMLOAD_TEST_BROWSER to a Chromium or Chrome executable`);
  }
  const entry = createRequire(import.meta.url).resolve(NPM_PACKAGE);
  const root = entry.slice(0, entry.lastIndexOf(NPM_PACKAGE) + NPM_PACKAGE.length);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `mmload-test-chromium-${version}`);
  if (!existsSync(dir)) await extract(join(root, 'bin'), dir);
  return {
    executablePath: join(dir, 'chromium'),
    env: { ...process.env, LD_LIBRARY_PATH: join(dir, 'al2023', 'lib'), FONTCONFIG_FILE: join(dir, 'fonts.conf') },
  };
}

/** Inflates the package's files into a staging directory renamed to `dir` when complete, so a concurrent or interrupted
 * run never sees half a browser. */
async function extract(bin: string, dir: string): Promise<void> {
  const staging = mkdtempSync(`${dir}.staging-`);
  try {
    await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(staging, 'chromium'), { mode: 0o755 }));
    // The GL libraries sit beside the binary, where Chromium looks for them.
    await untar(join(bin, 'swiftshader.tar.br'), staging);
    await untar(join(bin, 'al2023.tar.br'), join(staging, 'al2023'));
    await untar(join(bin, 'fonts.tar.br'), join(staging, 'fonts'));
    // The package's fonts.conf names its serverless font folders; this one names where the fonts are now.
    writeFileSync(join(staging, 'fonts.conf'), `<?xml version="1.0"?>\n<fontconfig><dir>${join(dir, 'fonts', 'fonts')}</dir><cachedir>${join(dir, 'fonts-cache')}</cachedir></fontconfig>\n`);
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error; // else another run finished first
  }
}

const untar = (archive: string, into: string): Promise<void> =>
  pipeline(createReadStream(archive), createBrotliDecompress(), tar.extract(into));
