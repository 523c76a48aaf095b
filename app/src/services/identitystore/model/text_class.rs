// The general categories of the model's class `[\p{L}\p{M}\p{S}\p{N}\p{P}…]`: letters, marks,
// symbols, numbers and punctuation. Not a module: `app/build.rs` includes it to build the
// compact table `text.rs` reads (so the browser carries 6 KB of boundaries, not a 49 KB
// category table), and the model's tests include it to check that table against every
// character.

/// Whether a character of `category` belongs to the model's class.
fn in_class(category: unicode_general_category::GeneralCategory) -> bool {
    use unicode_general_category::GeneralCategory as G;
    matches!(
        category,
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::MathSymbol
            | G::CurrencySymbol
            | G::ModifierSymbol
            | G::OtherSymbol
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
            | G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
    )
}
