//! Any bytes inside an HTML page, so the fuzzer starts past the "is it HTML?" check: the
//! nesting check, the parser and the text walk never panic, never overflow the stack.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut page = b"<!DOCTYPE html><html><body>".to_vec();
    page.extend_from_slice(data);
    let _ = oversight_ingest::ingest(&page);
});
