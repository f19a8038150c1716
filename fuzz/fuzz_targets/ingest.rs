//! Any bytes through the whole importer (reader and every recogniser): a refusal or a
//! document, never a panic, and every span inside the stored text.
//! `cargo install cargo-fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run ingest` from this folder's parent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(x) = oversight_ingest::ingest(data) {
        let chars = x.text.chars().count();
        for f in &x.findings {
            assert!(f.span().end() <= chars);
        }
        for j in &x.judgments {
            assert!(j.span().end() <= chars);
        }
    }
});
