// With the `split` feature on wasm32, link the binary with --emit-relocs: wasm-split-cli needs the
// relocations to cut the module at its split points (src/ui/pages/lazy.rs). Only the final link
// gets the flag, so no dependency is rebuilt (RUSTFLAGS would change every crate's fingerprint).
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if split && wasm {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
