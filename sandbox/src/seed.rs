//! Building blocks for the deterministic demo seeds: realistic names and a tiny hash that
//! turns a seed number into stable hex ids. No randomness, so every reset gives the same data
//! and UI tests can name a user.
//!
//! Also the naming rule of the synthetic users `/_sandbox/populate` adds for load tests
//! (`load-user-00001`, …), which every service's `populate` follows.

use std::ops::RangeInclusive;

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

/// `YYYY-MM-DDThh:mm:ssZ` for epoch seconds (UTC), for the members AWS types as a plain
/// string holding a timestamp.
pub(crate) fn iso8601(epoch_seconds: i64) -> String {
    // Howard Hinnant's days-to-civil: the proleptic Gregorian calendar in 400-year eras.
    let (days, secs) = (
        epoch_seconds.div_euclid(86_400),
        epoch_seconds.rem_euclid(86_400),
    );
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// How every synthetic user's name starts.
pub(crate) const LOAD_PREFIX: &str = "load-user-";

/// The most synthetic users one container (broker, environment, store, network, the MemoryDB
/// account) holds: enough for any list a person pages through, bounded like the faults.
pub(crate) const MAX_LOAD_USERS: usize = 20_000;

/// The name of synthetic user `number`: `load-user-00042`.
pub(crate) fn load_name(number: usize) -> String {
    format!("{LOAD_PREFIX}{number:05}")
}

/// The numbers for `count` more synthetic users in a container whose users are called `names`:
/// they follow the highest one already there, so a second call never reuses a name. Refused
/// when the container would then hold more than [`MAX_LOAD_USERS`].
pub(crate) fn load_numbers<'a>(
    names: impl Iterator<Item = &'a str>,
    count: usize,
) -> Result<RangeInclusive<usize>, String> {
    let numbers: Vec<usize> = names
        .filter_map(|name| name.strip_prefix(LOAD_PREFIX)?.parse().ok())
        .collect();
    let held = numbers.len();
    if held + count > MAX_LOAD_USERS {
        return Err(format!(
            "The container already holds {held} synthetic users and may hold at most {MAX_LOAD_USERS}; POST /_sandbox/reset removes them."
        ));
    }
    let last = numbers.into_iter().max().unwrap_or(0);
    Ok(last + 1..=last + count)
}

#[cfg(test)]
mod tests;
