//! Short texts shown to people as one line: a file name, an entity's name or address, a
//! session's place, a client's name. No control character, and no bidirectional control, which
//! would show a text other than the one stored (`facture\u{202E}fdp.exe` shows as `factureexe.pdf`).

/// Whether `c` reorders or hides the text around it: the Unicode bidirectional controls and the
/// line and paragraph separators.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `text` may be shown as one line as it is.
pub fn is_clean(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() || is_bidi_control(c))
}

/// The trimmed label, if it is one of 1 to `max` clean characters.
pub fn check(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= max && is_clean(text)).then(|| text.to_owned())
}

/// A date as French readers and spreadsheet software write it: `JJ/MM/AAAA`.
pub fn french_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_refused() {
        assert_eq!(check(" Salle 3 ", 200).as_deref(), Some("Salle 3"));
        assert_eq!(
            check("École Æsop ’s", 200).as_deref(),
            Some("École Æsop ’s")
        );
        for text in [
            "facture\u{202E}fdp.exe",
            "a\u{2066}b",
            "a\u{200F}b",
            "a\nb",
            "a\u{2028}b",
            "",
        ] {
            assert_eq!(check(text, 200), None, "{text:?}");
        }
        assert_eq!(check(&"x".repeat(201), 200), None);
    }
}
