//! Any bytes after a PDF signature: the PDF reader refuses or reads, never panics or hangs
//! the importer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut file = b"%PDF-1.7\n".to_vec();
    file.extend_from_slice(data);
    let _ = oversight_ingest::ingest(&file);
});
