//! `leitai-bindgen INPUT.wasm OUT_DIR OUT_NAME`: wasm-bindgen's `--target web
//! --no-typescript` for the site's bundles.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, out_name] = args.as_slice() else {
        eprintln!("usage: leitai-bindgen INPUT.wasm OUT_DIR OUT_NAME");
        return ExitCode::from(2);
    };
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    let result = bindgen
        .web(true)
        .map(|b| {
            b.input_path(input)
                .out_name(out_name)
                .typescript(false)
                .demangle(true)
                .omit_default_module_path(false)
        })
        .and_then(|b| b.generate(out_dir));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("leitai-bindgen: {err:#}");
            ExitCode::FAILURE
        }
    }
}
