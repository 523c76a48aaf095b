//! Passwords the helpdesk hands out: generated on the server from the operating system's
//! secure generator, shown once to the person who reset them, never kept.
//!
//! The alphabet is letters and digits only: a generated password survives every place it is
//! pasted into (shell, URL, `.properties`, Redis `AUTH`) without quoting, and satisfies the
//! rules of every service that takes it (MQ forbids `, : =`; MemoryDB wants printable ASCII
//! without spaces). Strength comes from the length instead.

use serde::{Deserialize, Serialize};

/// What a generated password is drawn from (62 symbols, ~5.95 bits each).
pub const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Characters in a generated password: 24 × log2(62) ≈ 142.9 bits.
pub const LENGTH: usize = 24;

/// The least entropy a generated password may have.
pub const MIN_ENTROPY_BITS: f64 = 128.0;

/// How long the page shows a new password before hiding it for good.
pub const SHOWN_FOR_SECS: u32 = 60;

/// Bits of entropy of `length` symbols drawn uniformly and independently from `alphabet`
/// symbols. A draw the service's rules reject is drawn again; for the rules here that is so
/// rare (MQ's "4 different characters" fails about once in 10^34 draws) that it takes nothing
/// measurable away.
pub fn entropy_bits(length: usize, alphabet: usize) -> f64 {
    length as f64 * (alphabet as f64).log2()
}

/// A new password on its one way to the person who reset it: in the answer to the reset,
/// never in a log (`Debug` hides it), a flash, the audit record or a later response.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword(String);

impl OneTimePassword {
    /// The password itself, for the SDK request and the one answer that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for OneTimePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneTimePassword(<redacted>)")
    }
}

/// A password of [`LENGTH`] symbols from [`ALPHABET`], drawn from the operating system's
/// generator until `accept` (the service's own validator) takes it.
#[cfg(feature = "ssr")]
pub fn generate(accept: impl Fn(&str) -> bool) -> OneTimePassword {
    use rand::TryRngCore;
    use rand::rngs::OsRng;
    use rand::seq::IndexedRandom;
    // No fallback to a weaker generator: without the OS one there is no reset.
    let mut rng = OsRng.unwrap_err();
    loop {
        let candidate: String = (0..LENGTH)
            .map(|_| {
                char::from(
                    *ALPHABET
                        .choose(&mut rng)
                        .expect("the alphabet is not empty"),
                )
            })
            .collect();
        if accept(&candidate) {
            return OneTimePassword(candidate);
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
