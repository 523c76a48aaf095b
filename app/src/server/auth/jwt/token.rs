//! One token taken apart by hand rather than by `jsonwebtoken::decode`, because ALB pads its
//! base64 and strict decoders refuse that. The signature is still checked by `jsonwebtoken`
//! over the exact text received, so leniency in decoding can't change what was signed.

use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

use super::super::identity::{Identity, groups_at};
use super::JwtError;

/// Far larger than any identity token; bounds the work an attacker can ask for.
const MAX_TOKEN_BYTES: usize = 16 * 1024;
/// Clock skew allowed between the issuer and us, in seconds.
const LEEWAY_SECS: f64 = 30.0;

const PADDED_OR_NOT: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What a configuration demands of every token, beyond the signature.
#[derive(Debug)]
pub(super) struct Rules {
    pub algorithms: &'static [Algorithm],
    /// ALB: the load balancer ARN the header's `signer` must name.
    pub signer: Option<String>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    pub groups_claim: String,
    /// Accept base64 with `=` padding (ALB).
    pub padded: bool,
}

/// A token split into its parts, its header read and judged, its signature not yet checked.
pub(super) struct Parsed<'t> {
    pub alg: Algorithm,
    kid: String,
    /// `header.payload` exactly as received: what the signature covers.
    signed: &'t str,
    payload: &'t str,
    signature: &'t str,
    padded: bool,
}

#[derive(serde::Deserialize)]
struct JoseHeader {
    alg: String,
    kid: Option<String>,
    signer: Option<String>,
    crit: Option<Value>,
}

impl<'t> Parsed<'t> {
    /// Reads the header and refuses what no key could fix: a bad shape, an algorithm not on
    /// the list, no `kid`, another load balancer.
    pub fn split(token: &'t str, rules: &Rules) -> Result<Self, JwtError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(JwtError::Malformed("it is longer than 16 KiB"));
        }
        let token = token.trim();
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed("it is not three dot-separated parts"));
        };
        let signed = &token[..header.len() + 1 + payload.len()];
        let header: JoseHeader = decode_json(header, rules.padded).ok_or(JwtError::Malformed(
            "its header is not base64url-encoded JSON",
        ))?;
        // An extension we don't know could change what the signature means (RFC 7515 §4.1.11).
        if header.crit.is_some() {
            return Err(JwtError::Malformed("its header lists critical extensions"));
        }
        // `none` and the HMAC algorithms fail here: they are on no preset's list.
        let alg = Algorithm::from_str(&header.alg)
            .ok()
            .filter(|alg| rules.algorithms.contains(alg))
            .ok_or(JwtError::AlgorithmNotAllowed)?;
        let kid = header
            .kid
            .filter(|kid| !kid.is_empty())
            .ok_or(JwtError::Malformed("its header has no `kid`"))?;
        // Checked before any key is fetched, so tokens from other load balancers cost nothing.
        if let Some(expected) = &rules.signer
            && header.signer.as_deref() != Some(expected.as_str())
        {
            return Err(JwtError::WrongSigner);
        }
        Ok(Parsed {
            alg,
            kid,
            signed,
            payload,
            signature,
            padded: rules.padded,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn check_signature(&self, key: &DecodingKey) -> Result<(), JwtError> {
        // `jsonwebtoken` decodes the signature strictly; ALB pads it like the other parts.
        let signature = match self.padded {
            true => self.signature.trim_end_matches('='),
            false => self.signature,
        };
        match jsonwebtoken::crypto::verify(signature, self.signed.as_bytes(), key, self.alg) {
            Ok(true) => Ok(()),
            Ok(false) => Err(JwtError::BadSignature),
            Err(error) if matches!(error.kind(), ErrorKind::Base64(_)) => {
                Err(JwtError::Malformed("its signature is not base64url"))
            }
            // The key is of another family than `alg` (an RSA key for ES256, say).
            Err(_) => Err(JwtError::KeyMismatch),
        }
    }

    /// The person, once the claims are in date and meant for us. Call only after
    /// [`Parsed::check_signature`].
    pub fn identity(&self, rules: &Rules, now: f64) -> Result<Identity, JwtError> {
        let claims: Value = decode_json(self.payload, self.padded)
            .filter(Value::is_object)
            .ok_or(JwtError::Malformed(
                "its payload is not a base64url-encoded JSON object",
            ))?;
        let exp = time_claim(&claims, "exp")?.ok_or(JwtError::MissingClaim("exp"))?;
        if now > exp + LEEWAY_SECS {
            return Err(JwtError::Expired);
        }
        if let Some(nbf) = time_claim(&claims, "nbf")?
            && nbf - LEEWAY_SECS > now
        {
            return Err(JwtError::NotYetValid);
        }
        if let Some(issuer) = &rules.issuer
            && claims.get("iss").and_then(Value::as_str) != Some(issuer.as_str())
        {
            return Err(JwtError::WrongIssuer);
        }
        if let Some(audience) = &rules.audience {
            let meant_for_us = match claims.get("aud") {
                Some(Value::String(aud)) => aud == audience,
                Some(Value::Array(auds)) => auds.iter().any(|aud| aud.as_str() == Some(audience)),
                _ => false,
            };
            if !meant_for_us {
                return Err(JwtError::WrongAudience);
            }
        }
        let text = |claim: &str| {
            claims
                .get(claim)
                .and_then(Value::as_str)
                .filter(|text| !text.trim().is_empty())
                .map(str::to_owned)
        };
        Ok(Identity {
            subject: text("sub").ok_or(JwtError::MissingClaim("sub"))?,
            email: text("email"),
            name: text("name").or_else(|| text("preferred_username")),
            groups: groups_at(&claims, &rules.groups_claim),
        })
    }
}

/// Seconds since the epoch, as the time claims count them.
pub(super) fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str, padded: bool) -> Option<T> {
    let bytes = match padded {
        true => PADDED_OR_NOT.decode(part),
        false => URL_SAFE_NO_PAD.decode(part),
    };
    serde_json::from_slice(&bytes.ok()?).ok()
}

fn time_claim(claims: &Value, claim: &'static str) -> Result<Option<f64>, JwtError> {
    match claims.get(claim) {
        None => Ok(None),
        Some(value) => value
            .as_f64()
            .map(Some)
            .ok_or(JwtError::Malformed("a time claim is not a number")),
    }
}
