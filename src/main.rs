#[cfg(target_arch = "wasm32")]
fn main() {
    rapport::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Rapport runs in the browser: see README.md (`bash .ci/serve`).");
}
