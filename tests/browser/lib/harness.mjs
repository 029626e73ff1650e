// Shared helpers of the browser tests: find the tools, build the example
// guide with the real mdBook, serve it on loopback, drive Debian's Chromium.
//
// Environment (all optional):
//   CHROMIUM           the browser (default /usr/bin/chromium)
//   MDBOOK             the mdBook 0.5 binary (default: `mdbook` on PATH, then
//                      $CARGO_HOME/bin/mdbook, then ~/.cargo/bin/mdbook)
//   INTEGRATION_GUIDE_BIN  the preprocessor binary (default: `cargo build`
//                      is run and target/debug/mdbook-integration-guide used)

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const TARGET = path.join(ROOT, 'target');
export const EXAMPLE = path.join(ROOT, 'book-example');
export const SCREENSHOTS = path.join(TARGET, 'screenshots');
export const THEMES = ['light', 'rust', 'coal', 'navy', 'ayu'];

/** Runs `cmd args`, throws with its output when it fails or times out. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

let mdbookCache;
/** The mdBook 0.5 binary; throws with an install hint when there is none. */
export function mdbookBin() {
  if (mdbookCache) return mdbookCache;
  const candidates = [
    process.env.MDBOOK,
    onPath('mdbook'),
    process.env.CARGO_HOME && path.join(process.env.CARGO_HOME, 'bin', 'mdbook'),
    path.join(os.homedir(), '.cargo', 'bin', 'mdbook'),
  ].filter(Boolean);
  for (const bin of candidates) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0 && /^mdbook v0\.5\./m.test(r.stdout)) {
      mdbookCache = bin;
      return bin;
    }
  }
  throw new Error(
    'no mdBook 0.5 found (tried ' + candidates.join(', ') + '); ' +
      'install it with `cargo install mdbook --version 0.5.4 --locked` or set MDBOOK',
  );
}

let preprocessorCache;
/** The preprocessor binary, freshly built unless INTEGRATION_GUIDE_BIN is set. */
export function preprocessorBin() {
  if (preprocessorCache) return preprocessorCache;
  if (process.env.INTEGRATION_GUIDE_BIN) {
    preprocessorCache = path.resolve(process.env.INTEGRATION_GUIDE_BIN);
  } else {
    run('cargo', ['build', '--quiet', '--locked', '--bin', 'mdbook-integration-guide'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
    preprocessorCache = path.join(TARGET, 'debug', 'mdbook-integration-guide');
  }
  fs.accessSync(preprocessorCache, fs.constants.X_OK);
  return preprocessorCache;
}

/** Environment that makes mdBook run our binary as the preprocessor
 *  (mdBook 0.5 reads config overrides from MDBOOK_* variables). */
export function mdbookEnv() {
  return {
    ...process.env,
    MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__COMMAND: preprocessorBin(),
  };
}

/** Copies book-example (without its build output) to `dest`. */
export function copyExample(dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(EXAMPLE, dest, {
    recursive: true,
    filter: (src) => path.relative(EXAMPLE, src) !== 'book',
  });
  return dest;
}

/** Builds a copy of book-example into target/browser-book/<tag>/book with
 *  the real mdBook; returns the output directory. book-example itself is
 *  never touched; `edit(dir)` may change the copy first. Warnings fail the
 *  build unless `allowWarnings`. */
export function buildExample(tag, { edit, allowWarnings = false } = {}) {
  const dir = copyExample(path.join(TARGET, 'browser-book', tag));
  if (edit) edit(dir);
  const r = run(mdbookBin(), ['build', dir], { env: mdbookEnv() });
  if (!allowWarnings && /\b(WARN|ERROR)\b|warning:/.test(r.stderr)) {
    throw new Error(`mdbook build printed warnings or errors:\n${r.stderr}`);
  }
  return path.join(dir, 'book');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static file server for `dir` on 127.0.0.1 and a free port. Missing
 *  files get 404 (with mdBook's 404.html as the body, like `mdbook serve`). */
export async function serveDir(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      const notFound = path.join(root, '404.html');
      res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const srv = net.createServer();
  await new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Debian's Chromium, headless, with a fresh profile. Returns
 *  { context, close }; close() also removes the profile. */
export async function launchBrowser(options = {}) {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: apt-get install -y chromium (or set CHROMIUM)`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'integration-guide-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    // The guide must read well for readers whose system is dark too; tests
    // pick themes explicitly, so fix the default to light.
    colorScheme: 'light',
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Records console errors, uncaught exceptions and failed requests of a
 *  page. `problems` is the list so far. */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A navigation the test itself interrupted is not the page's fault.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  return problems;
}

/** Polls `fn` until it returns a truthy value; throws after `timeout` ms. */
export async function waitFor(what, fn, { timeout = 30_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Spawns a long-running process in its own process group, recording its
 *  output; kill() ends the whole group. */
export function spawnServer(cmd, args, opts) {
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '', exited: null };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  child.on('exit', (code, signal) => (out.exited = { code, signal }));
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);
  out.child = child;
  out.kill = async () => {
    process.off('exit', onExit);
    if (out.exited) return;
    killGroup('SIGTERM');
    const deadline = Date.now() + 5_000;
    while (!out.exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!out.exited) killGroup('SIGKILL');
  };
  return out;
}

/** Every page of the book at `base`, from the sidebar a reader sees (the
 *  book's root is its index.html). */
export async function bookPages(page, base) {
  await page.goto(base);
  await page.locator('#mdbook-sidebar a[href]').first().waitFor({ state: 'attached' });
  const hrefs = await page.$$eval('#mdbook-sidebar a[href]', (as) => as.map((a) => a.href));
  const pages = hrefs
    .map((h) => h.split('#')[0])
    .filter((u) => u.startsWith(base))
    .map((u) => (u === base ? base + 'index.html' : u));
  return [...new Set(pages)];
}

/** Saves a screenshot of `locator` (or of the clip rectangle) as
 *  target/screenshots/<name>.png. */
export async function shoot(page, name, target) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (target && typeof target.screenshot === 'function') {
    await target.screenshot({ path: file, animations: 'disabled' });
  } else {
    await page.screenshot({ path: file, clip: target, fullPage: !!target, animations: 'disabled' });
  }
  return file;
}
