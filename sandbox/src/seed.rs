//! Building blocks for the deterministic demo seeds: realistic names and a tiny hash that
//! turns a seed number into stable hex ids. No randomness, so every reset gives the same data
//! and UI tests can name a user.

/// Forty given names from many locales; a few carry accents so the UI and the unicode
/// patterns get exercised.
pub(crate) const FIRST_NAMES: [&str; 40] = [
    "Amara",
    "Bjorn",
    "Carmen",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ingrid",
    "Javier",
    "Kwame",
    "Leila",
    "Mateo",
    "Nadia",
    "Oliver",
    "Priya",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tamara",
    "Umar",
    "Valentina",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zara",
    "Aiko",
    "Benedikt",
    "Chloé",
    "Diego",
    "Esther",
    "Felipe",
    "Giulia",
    "Hamza",
    "Isabel",
    "Jonas",
    "Kenji",
    "Lucía",
    "Magnus",
    "Noor",
];

/// Forty family names, same spirit as [`FIRST_NAMES`].
pub(crate) const LAST_NAMES: [&str; 40] = [
    "Okafor",
    "Lindqvist",
    "Ruiz",
    "Volkov",
    "Papadopoulos",
    "Haddad",
    "Chen",
    "Tanaka",
    "Johansson",
    "Morales",
    "Mensah",
    "Rahimi",
    "Fernández",
    "Kowalski",
    "Bennett",
    "Iyer",
    "Moreau",
    "Alvarez",
    "Gupta",
    "Novak",
    "Siddiqui",
    "Rossi",
    "Zhang",
    "Herrera",
    "Demir",
    "Ahmed",
    "Sato",
    "Bauer",
    "Dubois",
    "Castillo",
    "Cohen",
    "Silva",
    "Romano",
    "Karimi",
    "Ortega",
    "Schmidt",
    "Nakamura",
    "Navarro",
    "Eriksen",
    "Farouk",
];

/// Lower-case ASCII form of a name, for user names and e-mail addresses
/// (`"Lucía"` → `"lucia"`). Characters with no ASCII form are dropped.
pub(crate) fn ascii_slug(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let folded = match c {
                'á' | 'à' | 'â' | 'ä' | 'Á' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                other => other,
            };
            folded
                .is_ascii_alphanumeric()
                .then(|| folded.to_ascii_lowercase())
        })
        .collect()
}

/// SplitMix64: a well-mixed 64-bit value from any seed, so neighbouring seeds give unrelated ids.
pub(crate) fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `len` lower-case hex digits derived from `seed`.
pub(crate) fn hex(seed: u64, len: usize) -> String {
    let mut out = String::with_capacity(len + 16);
    let mut state = seed;
    while out.len() < len {
        state = mix(state);
        out.push_str(&format!("{state:016x}"));
    }
    out.truncate(len);
    out
}

/// A version-4-shaped UUID derived from `seed` (same layout as the ones AWS hands out).
pub(crate) fn uuid(seed: u64) -> String {
    let h = hex(seed, 32);
    // Version nibble 4 and variant nibble 8..b, as a random v4 UUID would have.
    let variant = ["8", "9", "a", "b"][usize::from(h.as_bytes()[16] % 4)];
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        variant,
        &h[17..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_lowercase() {
        assert_eq!(ascii_slug("Lucía"), "lucia");
        assert_eq!(ascii_slug("Fernández"), "fernandez");
        assert_eq!(ascii_slug("Chloé"), "chloe");
        assert!(
            FIRST_NAMES
                .iter()
                .chain(LAST_NAMES.iter())
                .all(|n| !ascii_slug(n).is_empty())
        );
    }

    #[test]
    fn ids_are_stable_and_well_formed() {
        assert_eq!(hex(7, 10), hex(7, 10));
        assert_ne!(hex(7, 10), hex(8, 10));
        assert_eq!(hex(1, 40).len(), 40);
        let id = uuid(42);
        assert_eq!(id, uuid(42));
        let re = regex::Regex::new(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        )
        .unwrap();
        assert!(re.is_match(&id), "{id}");
    }

    #[test]
    fn name_lists_have_no_duplicates() {
        let mut first = FIRST_NAMES.to_vec();
        first.sort_unstable();
        first.dedup();
        assert_eq!(first.len(), 40);
        let mut last = LAST_NAMES.to_vec();
        last.sort_unstable();
        last.dedup();
        assert_eq!(last.len(), 40);
    }
}
