//! The longest text a person may type into each kind of field. Every write that stores typed
//! text checks it here first, so neither a form, the API nor the CLI can store a megabyte
//! title that every later page would have to carry.

use crate::StoreError;

/// Titles, names and other one-line fields, in characters.
pub const TITLE: usize = 500;
/// Paragraphs: progress updates, responses, notes, recommendations, in characters.
pub const TEXT: usize = 20_000;

/// Refuses `value` when it is longer than `max` characters, naming the field.
pub fn check(what: &str, value: &str, max: usize) -> Result<(), StoreError> {
    // Counting stops as soon as the limit is passed: a huge value costs no more than that.
    if value.chars().nth(max).is_some() {
        return Err(StoreError::Invalid(format!(
            "{what} is longer than {max} characters; shorten it"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        assert!(check("a title", &"é".repeat(TITLE), TITLE).is_ok());
        let err = check("a title", &"é".repeat(TITLE + 1), TITLE).expect_err("too long");
        assert!(
            err.to_string()
                .contains("a title is longer than 500 characters")
        );
        assert!(check("a note", "", TEXT).is_ok());
    }
}
