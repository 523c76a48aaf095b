//! Writes `profile_chars.rs`: the code points where membership of the identity store's
//! profile-string class changes, for `services/identitystore/model/text.rs`. The rule runs in
//! the browser too; a sorted list of ~1,400 boundaries is a tenth of a general-category table.

use std::fmt::Write as _;

include!("src/services/identitystore/model/text_class.rs");

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/services/identitystore/model/text_class.rs");
    let mut bounds = Vec::new();
    let mut inside = false;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        if in_class(unicode_general_category::get_general_category(c)) != inside {
            bounds.push(u32::from(c));
            inside = !inside;
        }
    }
    let mut out = format!(
        "/// Code points where the class starts (even index) or stops (odd index), ascending.\n\
         pub(super) static BOUNDS: [u32; {}] = [",
        bounds.len()
    );
    for b in &bounds {
        let _ = write!(out, "{b:#X},");
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/profile_chars.rs"), out).expect("OUT_DIR is writable");
}
