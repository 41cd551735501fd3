// Builds the judge's own browser bundle beside the app's (run by `make build`, after
// `cargo leptos build --release`): the `app` crate with `--features judge-bundle` (the
// judge's page alone, rendered in the browser), through wasm-bindgen and wasm-opt, into
// `target/site/pkg/leitai-judge.<hash>.{js,wasm,css}` with `.br` and `.gz` beside them
// (the styles are style/main.css down to its marker line). The hashes go into
// `target/release/hash.txt` as `judge_js:`, `judge_wasm:` and `judge_css:`, where the
// server finds them (see `JudgeBundle` in app/src/app.rs and server/src/web.rs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const front = join(root, 'target/front');
const work = join(root, 'target/judge-bundle');
const pkg = join(root, 'target/site/pkg');
const hashFile = join(root, 'target/release/hash.txt');

const run = (cmd, args, env = process.env) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env });

// Panic messages keep their source paths even with `panic = "abort"`; shortened to the
// crate's own path they weigh less on the phone (about 1 KB of the brotli'd wasm).
const registry = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'registry/src');
const sources = [root, ...(existsSync(registry) ? readdirSync(registry).map(d => join(registry, d)) : [])];
const remap = sources.map(dir => `--remap-path-prefix=${dir}/=`).join(' ');
const rustflags = [process.env.RUSTFLAGS, remap].filter(Boolean).join(' ');

run('cargo', [
  'build', '--locked', '--package=app', '--lib', '--target=wasm32-unknown-unknown',
  '--profile=wasm-release', '--no-default-features', '--features=judge-bundle',
  `--target-dir=${front}`,
], { ...process.env, RUSTFLAGS: rustflags });
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
run('wasm-bindgen', [
  '--target=web', '--no-typescript', `--out-dir=${work}`, '--out-name=leitai-judge',
  join(front, 'wasm32-unknown-unknown/wasm-release/app.wasm'),
]);
// The same optimisation cargo-leptos applies to the app's bundle.
run('wasm-opt', [
  '-Oz', '--converge', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '-o', join(work, 'leitai-judge.wasm'), join(work, 'leitai-judge_bg.wasm'),
]);

// The styles the judge's page needs: style/main.css down to its marker line, without
// comments and indentation (the whole file, for every page, is cargo-leptos's).
const css = readFileSync(join(root, 'style/main.css'), 'utf8')
  .split("/* ==== The judge's bundle takes the styles above this line only")[0]
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\n\s*/g, '\n')
  .replace(/\n+/g, '\n')
  .trim();
writeFileSync(join(work, 'leitai-judge.css'), css + '\n');

// Like cargo-leptos: a URL-safe digest of the content, so a file never changes under its name.
const digest = bytes => createHash('sha256').update(bytes).digest('base64url').slice(0, 22);

mkdirSync(pkg, { recursive: true });
for (const old of readdirSync(pkg).filter(f => f.startsWith('leitai-judge.'))) {
  rmSync(join(pkg, old));
}
const hashes = {};
for (const kind of ['js', 'wasm', 'css']) {
  const bytes = readFileSync(join(work, `leitai-judge.${kind}`));
  const hash = digest(bytes);
  hashes[kind] = hash;
  const name = join(pkg, `leitai-judge.${hash}.${kind}`);
  writeFileSync(name, bytes);
  writeFileSync(`${name}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  writeFileSync(`${name}.gz`, gzipSync(bytes, { level: 9 }));
  console.log(`judge bundle: ${name} (${bytes.length} bytes)`);
}

const kept = readFileSync(hashFile, 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('judge_'));
kept.push(`judge_js: ${hashes.js}`, `judge_wasm: ${hashes.wasm}`, `judge_css: ${hashes.css}`);
writeFileSync(hashFile, kept.join('\n') + '\n');
