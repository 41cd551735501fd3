// Builds the site the server carries inside itself (run by `make build`, before the server's
// binary is linked; see server/src/site.rs): both browser bundles, the styles and the public
// files, into `target/site/`:
//
//   pkg/leitai.<hash>.{js,wasm,css}        the app's bundle: hydrates every page but the judge's
//   pkg/leitai-judge.<hash>.{js,wasm,css}  the judge's own, smaller bundle (the judge's page
//                                          alone, rendered in the browser; `JudgeApp`)
//   site.json                              those names, which the server reads
//   favicon.svg, icons/, manifest.webmanifest, …   public/ as it is
//
// with `.br` and `.gz` beside every file of pkg/. The hash is a digest of the content, so a
// file never changes under its name and `/pkg/` can be cached for ever.
//
// A step whose inputs have not changed is skipped (the wasm through wasm-bindgen and
// wasm-opt, the compression), and a file whose content has not changed is not rewritten, so
// a build with nothing changed takes seconds and does not make cargo re-link the server.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const site = join(root, 'target/site');
const pkg = join(site, 'pkg');
// The wasm builds' own target dir: their profile and flags differ from the server's. Both
// bundles share it, one after the other, so their dependencies compile once: built side by
// side in a dir each, the judge's bundle took 254 s of CPU instead of 92 (docs/perf.md).
const front = join(root, 'target/front/shared');
const work = join(root, 'target/site-work');
// lightningcss and browserslist are npm packages of end2end/ (with Playwright and wasm-opt).
const need = createRequire(join(root, 'end2end/package.json'));

/** Runs a command without waiting for it; resolves when it succeeded. With `onLine`, its
 *  standard output goes line by line to `onLine` instead of the terminal. */
const start = (cmd, args, env = process.env, onLine) => new Promise((done, fail) => {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'], env });
  if (onLine) {
    let rest = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      lines.forEach(onLine);
    });
  }
  child
    .on('error', fail)
    // 'close', not 'exit': the output is read to its end first.
    .on('close', code => (code === 0 ? done() : fail(new Error(`${cmd} ${args.join(' ')} failed (${code})`))));
});
const sha256 = bytes => createHash('sha256').update(bytes).digest();
// A URL-safe digest of the content, 22 characters, as in the file names.
const digest = bytes => sha256(bytes).toString('base64url').slice(0, 22);

/** Writes `bytes` to `file` unless it already holds exactly them; true when written. */
function put(file, bytes) {
  if (existsSync(file) && sha256(readFileSync(file)).equals(sha256(bytes))) return false;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return true;
}

// Panic messages keep their source paths even with `panic = "abort"`; shortened to the
// crate's own path they weigh less on the phone (about 1 KB of the judge's brotli'd wasm).
const registry = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'registry/src');
const sources = [root, ...(existsSync(registry) ? readdirSync(registry).map(d => join(registry, d)) : [])];
const remap = sources.map(dir => `--remap-path-prefix=${dir}/=`).join(' ');
// Type-erased components, as in .cargo/config.toml (whose flags this RUSTFLAGS replaces):
// a third of the app's wasm, and a little off the judge's.
const rustflags = [process.env.RUSTFLAGS, '--cfg erase_components', remap].filter(Boolean).join(' ');

// The styles: the whole file for the app, the part above the marker for the judge's page.
// lightningcss minifies them and adds the prefixes the browsers of `defaults` need.
const { transform, browserslistToTargets } = need('lightningcss');
const targets = browserslistToTargets(need('browserslist')('defaults'));
const marker = "/* ==== The judge's bundle takes the styles above this line only";
const styles = readFileSync(join(root, 'style/main.css'), 'utf8');
if (!styles.includes(marker)) throw new Error(`style/main.css lost its marker line: ${marker}`);
const css = text => Buffer.from(transform({
  filename: 'main.css', code: Buffer.from(text), minify: true, targets,
}).code);

const bundles = [
  // -Oz for the app's bundle (hosts and the screen, on laptops); for the judge's, -Os: a
  // little larger raw, but about 1 KB smaller after brotli, which is what the phone
  // downloads (measured on this bundle, 2026-12-02).
  { name: 'leitai', crate: 'leitai-web', opt: ['-O1'], css: css(styles) },
  { name: 'leitai-judge', crate: 'leitai-judge', opt: ['-O1'], css: css(styles.split(marker)[0]) },
];

// The browser code is linted as it compiles: clippy's driver is cargo's wrapper for the
// workspace's own crates (the domain, `app`, the bundles' entry points), so its lints cost a
// pass over those crates instead of a second compile of every dependency for the wasm target
// (`cargo clippy`, 2 min 25 s of a fresh `make test`). Its warnings are printed; with
// LEITAI_LINT=deny (`make test` sets it) any warning of the project's own code fails the
// build. Cargo replays a compiled crate's warnings when it is not compiled again, so a build
// with nothing changed still sees them. The wrapper is always used, whatever LEITAI_LINT
// says, so that `make run` and `make test` build the same thing and neither rebuilds the
// other's.
const clippyDriver = (() => {
  try {
    return execFileSync('rustup', ['which', 'clippy-driver'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
})();
const deny = process.env.LEITAI_LINT === 'deny';
if (deny && !clippyDriver) {
  throw new Error('LEITAI_LINT=deny needs clippy: `rustup component add clippy`');
}
const lintEnv = clippyDriver ? { RUSTC_WORKSPACE_WRAPPER: clippyDriver } : {};
delete process.env.CLIPPY_ARGS; // the same lints in every build (clippy's driver tracks them)
const warnings = [];

/** Runs cargo with JSON messages: prints each diagnostic, keeps the workspace's warnings. */
const cargoJson = (args, env) => start('cargo', [...args, '--message-format=json-diagnostic-rendered-ansi'], env, line => {
  if (!line.startsWith('{')) return;
  const message = JSON.parse(line);
  if (message.reason !== 'compiler-message') return;
  const { level, rendered } = message.message;
  if (rendered) process.stderr.write(rendered);
  // The project's own crates are path dependencies; a registry crate's warnings are not ours.
  if (level === 'warning' && message.package_id.startsWith('path+file://')) warnings.push(message.target.name);
});

// Each bundle is its own crate (`app/web`, `app/judge`) over the `app` library, so neither
// overwrites the other's output: a build with nothing changed compiles nothing. They compile
// one after the other in one target dir (the `app` crate's features differ, so one cargo run
// for both would unify them); the wasm-bindgen tool and the first bundle's wasm-bindgen and
// wasm-opt run beside the second's compile.
let cargoChain = Promise.resolve();
const cargoBuild = bundle => (cargoChain = cargoChain.then(() => cargoJson([
  'build', '--locked', `--package=${bundle.crate}`, '--lib', '--target=wasm32-unknown-unknown',
  '--profile=wasm-release', `--target-dir=${front}`,
], { ...process.env, ...lintEnv, RUSTFLAGS: rustflags })));

// wasm-bindgen's step, as the project's own small tool over the library the CLI wraps
// (tools/bindgen): a fraction of the CLI's compile on a fresh machine. Its library must be
// the version of the wasm-bindgen crate the bundles are built with.
const lockVersion = (lock, name) => readFileSync(join(root, lock), 'utf8')
  .match(new RegExp(`name = "${name}"\\nversion = "([^"]+)"`))?.[1];
const [wanted, bindgenLib] = [
  lockVersion('Cargo.lock', 'wasm-bindgen'), lockVersion('tools/bindgen/Cargo.lock', 'wasm-bindgen-cli-support'),
];
if (!wanted || wanted !== bindgenLib) {
  throw new Error(`tools/bindgen uses wasm-bindgen-cli-support ${bindgenLib}, but the bundles use wasm-bindgen ${wanted}: `
    + 'pin the same version in tools/bindgen/Cargo.toml and run `cargo update` there');
}
const tool = start('cargo', [
  'build', '--release', '--locked', '--manifest-path=tools/bindgen/Cargo.toml', `--target-dir=${join(root, 'target/tools')}`,
]);
const bindgen = join(root, 'target/tools/release/leitai-bindgen');
const names = {};
await Promise.all(bundles.map(async bundle => {
  await cargoBuild(bundle);
  await tool;
  const bindgenVersion = digest(readFileSync(bindgen));
  const built = readFileSync(join(front, `wasm32-unknown-unknown/wasm-release/${bundle.crate.replace('-', '_')}.wasm`));

  // wasm-bindgen and wasm-opt only when the compiled wasm or their settings changed.
  const out = join(work, bundle.name);
  const stamp = join(out, 'stamp');
  const inputs = [bindgenVersion, bundle.opt.join(' '), sha256(built).toString('hex')].join('\n');
  const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs
    && existsSync(join(out, `${bundle.name}.js`)) && existsSync(join(out, `${bundle.name}.wasm`));
  if (!fresh) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'app.wasm'), built);
    await start(bindgen, [join(out, 'app.wasm'), out, bundle.name]);
    await start('wasm-opt', [
      ...bundle.opt, '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
      '-o', join(out, `${bundle.name}.wasm`), join(out, `${bundle.name}_bg.wasm`),
    ]);
    writeFileSync(stamp, inputs);
  }

  names[bundle.name === 'leitai' ? 'app' : 'judge'] = {};
  for (const kind of ['js', 'wasm', 'css']) {
    const bytes = kind === 'css' ? bundle.css : readFileSync(join(out, `${bundle.name}.${kind}`));
    const file = `${bundle.name}.${digest(bytes)}.${kind}`;
    names[bundle.name === 'leitai' ? 'app' : 'judge'][kind] = `/pkg/${file}`;
    const path = join(pkg, file);
    if (put(path, bytes) || !existsSync(`${path}.br`) || !existsSync(`${path}.gz`)) {
      put(`${path}.br`, brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }));
      put(`${path}.gz`, gzipSync(bytes, { level: 9 }));
    }
    console.log(`site: /pkg/${file} (${bytes.length} bytes)`);
  }
}));

if (warnings.length) {
  const crates = [...new Set(warnings)].join(', ');
  if (deny) throw new Error(`${warnings.length} warnings in the browser code (${crates}): see above`);
  console.warn(`site: ${warnings.length} warnings in the browser code (${crates}); \`make test\` refuses them`);
}

// Everything else of pkg/ is an earlier build's.
const current = new Set(Object.values(names).flatMap(n => Object.values(n)).map(p => p.slice('/pkg/'.length)));
for (const file of readdirSync(pkg)) {
  if (!current.has(file.replace(/\.(br|gz)$/, ''))) rmSync(join(pkg, file));
}

// public/ as it is; files of an earlier public/ go.
const walk = dir => readdirSync(dir).flatMap(entry => {
  const path = join(dir, entry);
  return statSync(path).isDirectory() ? walk(path) : [path];
});
const published = new Set();
for (const file of walk(join(root, 'public'))) {
  const name = relative(join(root, 'public'), file);
  published.add(name);
  put(join(site, name), readFileSync(file));
}
for (const file of walk(site)) {
  const name = relative(site, file);
  if (!name.startsWith('pkg/') && name !== 'site.json' && !published.has(name)) rmSync(file);
}

// In a fixed order whichever bundle finished first, so the file changes only with them.
const ordered = { app: names.app, judge: names.judge };
put(join(site, 'site.json'), Buffer.from(JSON.stringify(ordered, null, 2) + '\n'));
