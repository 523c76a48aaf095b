//! Token pagination shared by every list operation: an opaque token that encodes an offset.

/// One page of a list and the token for the next one, if there is more.
#[derive(Debug, PartialEq)]
pub struct Page<'a, T> {
    pub items: &'a [T],
    pub next_token: Option<String>,
}

/// The token did not come from this sandbox (or points past the end of the list).
#[derive(Debug, PartialEq, Eq)]
pub struct BadToken;

// Mixing the offset keeps tokens opaque, as AWS's are: clients must not build them.
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

fn encode(offset: usize) -> String {
    format!("{:016x}", offset as u64 ^ MIX)
}

fn decode(token: &str) -> Option<usize> {
    if token.len() != 16 {
        return None;
    }
    u64::from_str_radix(token, 16)
        .ok()
        .map(|raw| (raw ^ MIX) as usize)
}

/// Cuts `items` into a page of at most `max` items starting where `token` points.
pub fn paginate<'a, T>(
    items: &'a [T],
    token: Option<&str>,
    max: usize,
) -> Result<Page<'a, T>, BadToken> {
    let start = match token {
        None => 0,
        Some(t) => decode(t)
            .filter(|&o| o > 0 && o < items.len())
            .ok_or(BadToken)?,
    };
    let max = max.max(1);
    let end = (start + max).min(items.len());
    let next_token = (end < items.len()).then(|| encode(end));
    Ok(Page {
        items: &items[start..end],
        next_token,
    })
}

#[cfg(test)]
mod tests;
