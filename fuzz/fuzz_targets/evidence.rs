//! Any bytes through the evidence scanner, whole and in blocks of every size: never a panic,
//! every row counted or rejected, the same counts however the bytes are split, and each row
//! it takes read as the csv crate reads it.
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run evidence` from this folder's parent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oversight_evidence::Kind;
use oversight_evidence::scan::Scanner;

fuzz_target!(|data: &[u8]| {
    let Some((&split, bytes)) = data.split_first() else { return };
    for kind in Kind::ALL {
        let mut whole = Scanner::new(kind, Some("testshire"));
        whole.block(bytes, true);
        let counted: u64 = whole.finish().iter().map(|c| c.n).sum();
        assert_eq!(counted + whole.rejected, whole.rows);

        let mut pieces = Scanner::new(kind, Some("testshire"));
        let mut pending = Vec::new();
        for piece in bytes.chunks(usize::from(split).max(1)) {
            pending.extend_from_slice(piece);
            let used = pieces.block(&pending, false);
            pending.drain(..used);
        }
        pieces.block(&pending, true);
        assert_eq!(pieces.finish(), whole.finish());
        assert_eq!((pieces.rows, pieces.rejected), (whole.rows, whole.rejected));
    }
});
