//! The 43 territorial police forces of England and Wales, and how documents name them.
//!
//! The table is facts (ONS police force area codes, the names forces go by, police.uk's
//! slugs); recognising a force in free text is a longest-alias-first match so that
//! "West Midlands Police" is never read as the region "West Midlands".

use std::fmt;

/// One territorial force. Only the values of [`FORCES`] exist: a `Force` is always known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Force {
    slug: &'static str,
    ons_code: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
}

impl Force {
    /// Stable identifier, as police.uk spells it (`hampshire`, `thames-valley`).
    pub fn slug(&self) -> &'static str {
        self.slug
    }
    /// ONS police force area code (E23000030).
    pub fn ons_code(&self) -> &'static str {
        self.ons_code
    }
    /// The force's own name ("Hampshire Constabulary").
    pub fn name(&self) -> &'static str {
        self.name
    }
    /// Other names documents use for the force, the short area name first.
    pub fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    /// Looks a force up by its slug.
    pub fn from_slug(slug: &str) -> Option<Force> {
        all_forces().find(|f| f.slug == slug)
    }

    /// Whether this is the demo's fictional force rather than one of the 43.
    pub fn is_fictional(&self) -> bool {
        FICTIONAL_FORCES.iter().any(|f| f.slug == self.slug)
    }

    /// Looks a force up by any of its names, ignoring case, `&` versus `and`, and punctuation.
    pub fn from_name(name: &str) -> Option<Force> {
        let wanted = fold(name);
        all_forces().find(|f| {
            fold(f.name) == wanted
                || fold(f.slug) == wanted
                || f.aliases.iter().any(|a| fold(a) == wanted)
        })
    }

    /// Every name of the force (own name, then aliases), longest first.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = std::iter::once(self.name)
            .chain(self.aliases.iter().copied())
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names
    }
}

impl fmt::Display for Force {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Folds a name for comparison: lower case, `&` as `and`, letters and digits only.
fn fold(name: &str) -> String {
    name.replace('&', " and ")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The byte ranges of the words of a text: maximal runs of ASCII letters and digits (any
/// non-ASCII character counts as a letter). "Devon & Cornwall" and "Dyfed-Powys" are two
/// words each.
fn word_ranges(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        Some(start..i)
    })
}

/// Every name of every force as lower-case words, indexed by its first word, longest first.
/// Names as lower-case words, by first word.
type NameIndex = std::collections::HashMap<String, Vec<(Force, Vec<String>)>>;

static NAME_INDEX: std::sync::LazyLock<NameIndex> = std::sync::LazyLock::new(|| {
    let mut index: std::collections::HashMap<String, Vec<(Force, Vec<String>)>> =
        std::collections::HashMap::new();
    for force in all_forces() {
        for name in force.names() {
            let lower = name.to_ascii_lowercase();
            let name_words: Vec<String> =
                word_ranges(&lower).map(|r| lower[r].to_owned()).collect();
            if let Some(first) = name_words.first() {
                index
                    .entry(first.clone())
                    .or_default()
                    .push((force, name_words));
            }
        }
    }
    for candidates in index.values_mut() {
        candidates.sort_by_key(|(_, w)| std::cmp::Reverse(w.len()));
    }
    index
});

/// Finds the force a text names first (earliest position; longest name wins at a tie), in
/// one pass over the text's words. Returns the force and the byte range of the name.
pub fn find_force(text: &str) -> Option<(Force, std::ops::Range<usize>)> {
    find_forces_from(text, true).into_iter().next()
}

/// Every force a text names, in order, with the byte range of each name; names do not
/// overlap (after a name, the search goes on from its end). One pass over the text's words,
/// so its cost grows with the text, not with the text times the names in it.
pub fn find_forces(text: &str) -> Vec<(Force, std::ops::Range<usize>)> {
    find_forces_from(text, false)
}

fn find_forces_from(text: &str, first_only: bool) -> Vec<(Force, std::ops::Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<std::ops::Range<usize>> = word_ranges(&lower).collect();
    let mut out = Vec::new();
    let mut i = 0;
    'words: while i < words.len() {
        let range = &words[i];
        if let Some(candidates) = NAME_INDEX.get(&lower[range.clone()]) {
            for (force, name_words) in candidates {
                let Some(following) = words.get(i..i + name_words.len()) else {
                    continue;
                };
                if following
                    .iter()
                    .zip(name_words)
                    .all(|(r, w)| lower[r.clone()] == **w)
                {
                    let end = following.last().map_or(range.end, |r| r.end);
                    if is_region_name(&lower, end, force) {
                        continue;
                    }
                    out.push((*force, range.start..end));
                    if first_only {
                        return out;
                    }
                    i += name_words.len().max(1);
                    continue 'words;
                }
            }
        }
        i += 1;
    }
    out
}

/// "West Midlands region" is not West Midlands Police.
fn is_region_name(text: &str, end: usize, force: &Force) -> bool {
    force.slug == "west-midlands" && text[end..].trim_start().starts_with("region")
}

impl Force {
    /// Usual residents at the 2011 Census, summed over the force area's local authorities
    /// (ONS QS201EW). A 2011 figure: rates per resident for later years are approximate.
    /// `None` for a fictional force.
    pub fn census_2011_population(&self) -> Option<u32> {
        Some(match self.slug {
            "metropolitan" => 8_166_566,
            "cumbria" => 499_858,
            "lancashire" => 1_460_893,
            "merseyside" => 1_381_189,
            "greater-manchester" => 2_682_528,
            "cheshire" => 1_027_709,
            "northumbria" => 1_420_853,
            "durham" => 618_806,
            "north-yorkshire" => 796_427,
            "west-yorkshire" => 2_226_058,
            "south-yorkshire" => 1_343_601,
            "humberside" => 917_647,
            "cleveland" => 557_227,
            "west-midlands" => 2_736_460,
            "staffordshire" => 1_097_497,
            "west-mercia" => 1_222_416,
            "warwickshire" => 545_474,
            "derbyshire" => 1_018_438,
            "nottinghamshire" => 1_091_482,
            "lincolnshire" => 713_653,
            "leicestershire" => 1_017_697,
            "northamptonshire" => 691_952,
            "cambridgeshire" => 804_841,
            "norfolk" => 857_888,
            "suffolk" => 728_163,
            "bedfordshire" => 615_061,
            "hertfordshire" => 1_116_062,
            "essex" => 1_724_950,
            "thames-valley" => 2_269_772,
            "hampshire" => 1_897_991,
            "surrey" => 1_132_390,
            "kent" => 1_727_665,
            "sussex" => 1_606_932,
            "city-of-london" => 7_375,
            "devon-and-cornwall" => 1_668_218,
            "avon-and-somerset" => 1_599_555,
            "gloucestershire" => 596_984,
            "wiltshire" => 680_137,
            "dorset" => 744_041,
            "north-wales" => 687_937,
            "gwent" => 576_754,
            "south-wales" => 1_283_651,
            "dyfed-powys" => 515_114,
            _ => return None,
        })
    }
}

/// The 43 real forces, then the fictional ones.
pub fn all_forces() -> impl Iterator<Item = Force> {
    FORCES.iter().chain(FICTIONAL_FORCES).copied()
}

/// A fictional force for demonstrations and examples: Oversight's demo dataset is about it,
/// so that invented documents are never mistaken for a real force's.
pub const FICTIONAL_FORCES: &[Force] = &[Force {
    slug: "borsetshire",
    ons_code: "X99000001",
    name: "Borsetshire Constabulary",
    aliases: &["Borsetshire", "Borsetshire Police"],
}];

macro_rules! forces {
    ($( $slug:literal, $ons:literal, $name:literal, [$($alias:literal),*] ;)*) => {
        /// All 43 territorial forces, in ONS code order.
        pub const FORCES: &[Force] = &[
            $( Force { slug: $slug, ons_code: $ons, name: $name, aliases: &[$($alias),*] }, )*
        ];
    };
}

forces! {
    "metropolitan", "E23000001", "Metropolitan Police Service", ["Metropolitan Police", "Metropolitan", "the Met"];
    "cumbria", "E23000002", "Cumbria Constabulary", ["Cumbria"];
    "lancashire", "E23000003", "Lancashire Constabulary", ["Lancashire"];
    "merseyside", "E23000004", "Merseyside Police", ["Merseyside"];
    "greater-manchester", "E23000005", "Greater Manchester Police", ["Greater Manchester", "GMP"];
    "cheshire", "E23000006", "Cheshire Constabulary", ["Cheshire"];
    "northumbria", "E23000007", "Northumbria Police", ["Northumbria"];
    "durham", "E23000008", "Durham Constabulary", ["Durham"];
    "north-yorkshire", "E23000009", "North Yorkshire Police", ["North Yorkshire"];
    "west-yorkshire", "E23000010", "West Yorkshire Police", ["West Yorkshire"];
    "south-yorkshire", "E23000011", "South Yorkshire Police", ["South Yorkshire"];
    "humberside", "E23000012", "Humberside Police", ["Humberside"];
    "cleveland", "E23000013", "Cleveland Police", ["Cleveland"];
    "west-midlands", "E23000014", "West Midlands Police", ["West Midlands"];
    "staffordshire", "E23000015", "Staffordshire Police", ["Staffordshire"];
    "west-mercia", "E23000016", "West Mercia Police", ["West Mercia"];
    "warwickshire", "E23000017", "Warwickshire Police", ["Warwickshire"];
    "derbyshire", "E23000018", "Derbyshire Constabulary", ["Derbyshire"];
    "nottinghamshire", "E23000019", "Nottinghamshire Police", ["Nottinghamshire"];
    "lincolnshire", "E23000020", "Lincolnshire Police", ["Lincolnshire"];
    "leicestershire", "E23000021", "Leicestershire Police", ["Leicestershire"];
    "northamptonshire", "E23000022", "Northamptonshire Police", ["Northamptonshire"];
    "cambridgeshire", "E23000023", "Cambridgeshire Constabulary", ["Cambridgeshire"];
    "norfolk", "E23000024", "Norfolk Constabulary", ["Norfolk"];
    "suffolk", "E23000025", "Suffolk Constabulary", ["Suffolk"];
    "bedfordshire", "E23000026", "Bedfordshire Police", ["Bedfordshire"];
    "hertfordshire", "E23000027", "Hertfordshire Constabulary", ["Hertfordshire"];
    "essex", "E23000028", "Essex Police", ["Essex"];
    "thames-valley", "E23000029", "Thames Valley Police", ["Thames Valley", "TVP"];
    "hampshire", "E23000030", "Hampshire Constabulary", ["Hampshire", "Hampshire and Isle of Wight Constabulary", "Hampshire and Isle of Wight"];
    "surrey", "E23000031", "Surrey Police", ["Surrey"];
    "kent", "E23000032", "Kent Police", ["Kent"];
    "sussex", "E23000033", "Sussex Police", ["Sussex"];
    "city-of-london", "E23000034", "City of London Police", ["City of London", "London, City of", "CoLP"];
    "devon-and-cornwall", "E23000035", "Devon and Cornwall Police", ["Devon and Cornwall", "Devon & Cornwall Police", "Devon & Cornwall"];
    "avon-and-somerset", "E23000036", "Avon and Somerset Constabulary", ["Avon and Somerset", "Avon & Somerset Constabulary", "Avon & Somerset"];
    "gloucestershire", "E23000037", "Gloucestershire Constabulary", ["Gloucestershire"];
    "wiltshire", "E23000038", "Wiltshire Police", ["Wiltshire"];
    "dorset", "E23000039", "Dorset Police", ["Dorset"];
    "north-wales", "W15000001", "North Wales Police", ["North Wales"];
    "gwent", "W15000002", "Gwent Police", ["Gwent"];
    "south-wales", "W15000003", "South Wales Police", ["South Wales"];
    "dyfed-powys", "W15000004", "Dyfed-Powys Police", ["Dyfed-Powys", "Dyfed Powys"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_real_force_has_a_population() {
        assert!(FORCES.iter().all(|f| f.census_2011_population().is_some()));
        let total: u64 = FORCES
            .iter()
            .filter_map(|f| f.census_2011_population())
            .map(u64::from)
            .sum();
        // The England and Wales total at the 2011 Census.
        assert_eq!(total, 56_075_912);
        assert_eq!(FICTIONAL_FORCES[0].census_2011_population(), None);
    }

    #[test]
    fn there_are_43_forces_with_unique_slugs() {
        assert_eq!(FORCES.len(), 43);
        let mut slugs: Vec<_> = FORCES.iter().map(|f| f.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 43);
    }

    #[test]
    fn names_fold_punctuation_and_ampersands() {
        assert_eq!(
            Force::from_name("Devon & Cornwall").map(|f| f.slug()),
            Some("devon-and-cornwall")
        );
        assert_eq!(
            Force::from_name("dyfed powys").map(|f| f.slug()),
            Some("dyfed-powys")
        );
        assert_eq!(Force::from_name("Gotham City"), None);
    }

    #[test]
    fn every_force_named_is_found_in_order_without_overlaps() {
        let text = "Kent Police and Essex Police; then Devon and Cornwall, the West Midlands region, West Midlands Police, and Kent again.";
        let found: Vec<(&str, &str)> = find_forces(text)
            .into_iter()
            .map(|(f, r)| (f.slug(), &text[r]))
            .collect();
        assert_eq!(
            found,
            vec![
                ("kent", "Kent Police"),
                ("essex", "Essex Police"),
                ("devon-and-cornwall", "Devon and Cornwall"),
                ("west-midlands", "West Midlands Police"),
                ("kent", "Kent"),
            ]
        );
        assert_eq!(find_force(text).map(|(f, _)| f.slug()), Some("kent"));
        assert!(find_forces("no force here").is_empty());
    }

    #[test]
    fn the_longest_name_at_the_earliest_place_wins() {
        let (force, range) = find_force("Report on West Midlands Police, 2016").expect("a force");
        assert_eq!(force.slug(), "west-midlands");
        assert_eq!(range, 10..30);
        let (force, _) = find_force("the north of Hampshire and Kent").expect("a force");
        assert_eq!(force.slug(), "hampshire");
        assert!(find_force("Kentish Town").is_none());
    }
}
