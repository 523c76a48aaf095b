use std::collections::HashSet;

use proptest::prelude::*;

use super::*;
use crate::services::memorydb::model::MemoryDbPassword;
use crate::services::mq::model::MqPassword;

fn memorydb_accepts(p: &str) -> bool {
    MemoryDbPassword::parse("password", "Password", p).is_ok()
}

fn mq_accepts(p: &str) -> bool {
    MqPassword::parse(p).is_ok()
}

#[test]
fn the_entropy_estimate_is_at_least_128_bits() {
    let bits = entropy_bits(LENGTH, ALPHABET.len());
    assert!(bits >= MIN_ENTROPY_BITS, "{bits}");
    assert!((bits - 142.9).abs() < 0.1, "{bits}");
    // The alphabet has no repeated symbol, or the estimate would be too high.
    assert_eq!(
        ALPHABET.iter().collect::<HashSet<_>>().len(),
        ALPHABET.len()
    );
}

#[test]
fn thousands_of_draws_pass_both_services_rules_and_never_repeat() {
    let mut seen = HashSet::new();
    for _ in 0..5_000 {
        for (accept, name) in [
            (memorydb_accepts as fn(&str) -> bool, "MemoryDB"),
            (mq_accepts, "MQ"),
        ] {
            let password = generate(accept);
            let text = password.expose();
            assert!(accept(text), "{name} refused a generated password");
            assert_eq!(text.len(), LENGTH);
            assert!(text.bytes().all(|b| ALPHABET.contains(&b)));
            assert!(seen.insert(text.to_owned()), "a password came out twice");
        }
    }
}

#[test]
fn every_symbol_is_drawn_and_none_much_more_than_the_others() {
    // 240,000 symbols: each of the 62 expected ~3,871 times; a fixed or skewed draw would
    // miss symbols or pile onto some.
    let mut counts = [0u32; 128];
    for _ in 0..10_000 {
        for b in generate(|_| true).expose().bytes() {
            counts[usize::from(b)] += 1;
        }
    }
    let used: Vec<u32> = ALPHABET.iter().map(|&b| counts[usize::from(b)]).collect();
    let (min, max) = (used.iter().min().unwrap(), used.iter().max().unwrap());
    assert!(*min > 3_400 && *max < 4_350, "min {min}, max {max}");
}

#[test]
fn debug_never_shows_the_value() {
    let password = generate(mq_accepts);
    assert_eq!(format!("{password:?}"), "OneTimePassword(<redacted>)");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Whatever a service's validator is, the generator only ever returns what it accepts.
    #[test]
    fn a_generated_password_is_one_the_validator_accepts(forbidden in proptest::sample::select(ALPHABET.to_vec())) {
        let accept = |p: &str| mq_accepts(p) && !p.as_bytes().contains(&forbidden);
        let password = generate(accept);
        prop_assert!(accept(password.expose()));
        prop_assert!(memorydb_accepts(password.expose()));
    }
}
