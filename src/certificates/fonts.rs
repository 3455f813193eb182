//! The card's fonts, style by style. A style whose text Windows-1252 can write (nearly every
//! name) is the PDF's built-in Helvetica, with Liberation Sans (metrically identical) for the
//! measures: nothing is embedded. A style with any other letter is Liberation Sans embedded, cut
//! down (allsorts) to the very letters the card prints in it, so that a card stays a few
//! kilobytes whatever the name. No system font is read: the fonts are inside the binary.

use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::OpenTypeFont;
use genpdf::error::{Error, ErrorKind};
use genpdf::fonts::{FontData, FontFamily};
use genpdf::style::Style;
use printpdf::BuiltinFont;
use std::collections::BTreeSet;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-BoldItalic.ttf");

/// The fonts of a card.
pub struct Fonts {
    pub family: FontFamily<FontData>,
    /// Whether one of them is embedded (else the PDF holds no font program).
    pub embedded: bool,
}

/// The fonts that print `texts` (each in its style): built-in for a style whose letters
/// Windows-1252 all writes, else embedded with only those letters (and the ellipsis of a line cut
/// short). Widths are the whole font's either way, so the layout does not change.
pub fn for_texts<'a>(texts: impl IntoIterator<Item = (Style, &'a str)>) -> Result<Fonts, Error> {
    let mut letters: [BTreeSet<char>; 4] = Default::default();
    for (style, text) in texts {
        letters[index(style)].extend(text.chars().chain(['…']));
    }
    let mut embedded = false;
    let mut font = |bytes: &[u8], builtin, letters: BTreeSet<char>| {
        if letters.iter().all(|c| windows_1252_writes(*c)) {
            FontData::new(bytes.to_vec(), Some(builtin))
        } else {
            embedded = true;
            FontData::new(subset(bytes, letters)?, None)
        }
    };
    let [regular, bold, italic, bold_italic] = letters;
    let family = FontFamily {
        regular: font(REGULAR, BuiltinFont::Helvetica, regular)?,
        bold: font(BOLD, BuiltinFont::HelveticaBold, bold)?,
        italic: font(ITALIC, BuiltinFont::HelveticaOblique, italic)?,
        bold_italic: font(BOLD_ITALIC, BuiltinFont::HelveticaBoldOblique, bold_italic)?,
    };
    Ok(Fonts { family, embedded })
}

/// Whether the built-in fonts print `c` (their encoding, WinAnsi, is Windows-1252), by the same
/// encoder genpdf prints them with.
fn windows_1252_writes(c: char) -> bool {
    lopdf::Document::encode_text(Some("WinAnsiEncoding"), c.encode_utf8(&mut [0; 4])).len() == 1
}

/// Which of the family's four fonts prints `style`.
fn index(style: Style) -> usize {
    usize::from(style.is_bold()) + 2 * usize::from(style.is_italic())
}

/// `font` cut down to `letters` (a letter it lacks prints as its missing-glyph box, as it would
/// from the whole font), with a Unicode character map for the PDF renderer to look them up.
fn subset(font: &[u8], letters: BTreeSet<char>) -> Result<Vec<u8>, Error> {
    let cut = || -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let file = ReadScope::new(font).read::<OpenTypeFont<'_>>()?;
        let provider = file.table_provider(0)?;
        let mut lookup = allsorts::Font::new(file.table_provider(0)?)?;
        let mut glyphs: BTreeSet<u16> = letters
            .into_iter()
            .map(|c| {
                lookup
                    .lookup_glyph_index(c, MatchingPresentation::NotRequired, None)
                    .0
            })
            .collect();
        glyphs.insert(0); // the missing glyph, which every font must have
        let glyphs: Vec<u16> = glyphs.into_iter().collect();
        let profile = SubsetProfile::Pdf;
        Ok(allsorts::subset::subset(
            &provider,
            &glyphs,
            &profile,
            CmapTarget::Unicode,
        )?)
    };
    cut().map_err(|error| Error::new(format!("font subset: {error}"), ErrorKind::Internal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person_name;
    use genpdf::fonts::FontCache;

    fn cache(font: FontData) -> FontCache {
        FontCache::new(FontFamily {
            regular: font.clone(),
            bold: font.clone(),
            italic: font.clone(),
            bold_italic: font,
        })
    }

    #[test]
    fn the_embedded_font_has_every_letter_a_name_may_use() {
        for bytes in [REGULAR, BOLD] {
            let cache = cache(FontData::new(bytes.to_vec(), None).unwrap());
            let regular = cache.default_font_family().regular;
            // The check can tell: a letter the font lacks has no glyph.
            assert_eq!(regular.glyph_ids(&cache, ['王']), [0]);
            let missing: Vec<char> = (0x20..0x2100)
                .filter_map(char::from_u32)
                .filter(|c| person_name::printable(*c) && c.is_alphabetic())
                .filter(|c| regular.glyph_ids(&cache, [*c]) == [0])
                .collect();
            assert!(missing.is_empty(), "no glyph for {missing:?}");
        }
    }

    #[test]
    fn a_subset_keeps_its_letters_with_their_widths_and_drops_the_others() {
        let whole = cache(FontData::new(REGULAR.to_vec(), None).unwrap());
        let fonts = for_texts([(Style::new(), "Șerban Łukasz")]).unwrap();
        assert!(fonts.embedded);
        let cut = cache(fonts.family.regular);
        let (whole_font, cut_font) = (
            whole.default_font_family().regular,
            cut.default_font_family().regular,
        );
        for c in "Șerban Łukasz…".chars() {
            assert_ne!(cut_font.glyph_ids(&cut, [c]), [0], "{c}");
            assert_eq!(
                cut_font.char_width(&cut, c, 12),
                whole_font.char_width(&whole, c, 12),
                "{c}"
            );
        }
        assert_eq!(cut_font.glyph_ids(&cut, ['Q']), [0]);
        assert!(subset(BOLD, BTreeSet::new()).unwrap().len() < 2_000);
    }

    #[test]
    fn a_style_whose_letters_windows_1252_writes_stays_built_in() {
        let bold = Style::new().bold();
        let fonts = for_texts([(Style::new(), "Lefèvre-Garçon Œdipe …"), (bold, "Zoë")]).unwrap();
        assert!(!fonts.embedded);
        let fonts = for_texts([(Style::new(), "Lefèvre"), (bold, "Wałęsa")]).unwrap();
        assert!(fonts.embedded);
        let cache = cache(fonts.family.regular.clone());
        assert!(cache.default_font_family().regular.is_builtin());
        assert!(windows_1252_writes('€') && windows_1252_writes('Ÿ'));
        assert!(!windows_1252_writes('ł') && !windows_1252_writes('Ș'));
    }
}
