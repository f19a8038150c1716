//! Any bytes as a client could send them: the redirect after login, the query a cached page
//! is keyed on, and every form and JSON body decoder. Never a panic; the redirect is always
//! a path of this site and the cache key is stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    oversight_web::fuzzing::client_input(data);
});
