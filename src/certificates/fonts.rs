//! The card's fonts, style by style. A style whose text Windows-1252 can write (nearly every
//! name) is the PDF's built-in Helvetica, with Liberation Sans (metrically identical) for the
//! measures: nothing is embedded. A style with any other letter is Liberation Sans embedded, cut
//! down (allsorts) to the very letters the card prints in it, so that a card stays a few
//! kilobytes whatever the name. No system font is read: the fonts are inside the binary.

use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::OpenTypeFont;
use printpdf::BuiltinFont;
use printpdf::types::plugins::graphics::two_dimensional::font::{FontMetrics, GlyphMetrics};
use rusttype::Scale;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-BoldItalic.ttf");

/// The four styles, in this order everywhere: regular, bold, italic, bold italic.
const FILES: [(&[u8], BuiltinFont); 4] = [
    (REGULAR, BuiltinFont::Helvetica),
    (BOLD, BuiltinFont::HelveticaBold),
    (ITALIC, BuiltinFont::HelveticaOblique),
    (BOLD_ITALIC, BuiltinFont::HelveticaBoldOblique),
];

/// The whole fonts, parsed once, for the measures.
#[allow(clippy::expect_used)] // the fonts are part of the binary, checked by the tests
static WHOLE: LazyLock<[rusttype::Font<'static>; 4]> = LazyLock::new(|| {
    FILES.map(|(bytes, _)| rusttype::Font::from_bytes(bytes).expect("a valid TrueType font"))
});

/// Bold and italic, as a text style asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Face {
    pub bold: bool,
    pub italic: bool,
}

impl Face {
    /// Its place among the four fonts: regular, bold, italic, bold italic.
    pub fn index(self) -> usize {
        usize::from(self.bold) + 2 * usize::from(self.italic)
    }

    /// How wide `text` is at `size` points, in points.
    pub fn width(self, text: &str, size: f32) -> f32 {
        let font = &WHOLE[self.index()];
        let scale = Scale::uniform(size * height_in_em(font));
        font.glyphs_for(text.chars())
            .map(|glyph| glyph.scaled(scale).h_metrics().advance_width)
            .sum()
    }

    /// From the top of a line to its baseline, and from one line to the next, at `size` points.
    pub fn heights(self, size: f32) -> (f32, f32) {
        let font = &WHOLE[self.index()];
        let metrics = font.v_metrics_unscaled();
        let em = f32::from(font.units_per_em());
        let line_gap = metrics.line_gap / em * size;
        (
            height_in_em(font) * size,
            height_in_em(font) * size + line_gap,
        )
    }
}

/// Ascent to descent, in ems.
fn height_in_em(font: &rusttype::Font<'_>) -> f32 {
    let metrics = font.v_metrics_unscaled();
    (metrics.ascent - metrics.descent) / f32::from(font.units_per_em())
}

/// How a style prints.
pub enum CardFont {
    Builtin(BuiltinFont),
    /// A font program to embed, and what the PDF needs to know of its glyphs.
    Embedded(Vec<u8>, Subset),
}

/// The fonts that print `texts` (each in its face), regular, bold, italic and bold italic:
/// built-in for a face whose letters Windows-1252 all writes, else embedded with only those
/// letters (and the ellipsis of a line cut short). Widths are the whole font's either way.
pub fn for_texts<'a>(
    texts: impl IntoIterator<Item = (Face, &'a str)>,
) -> Result<[CardFont; 4], String> {
    let mut letters: [BTreeSet<char>; 4] = Default::default();
    for (face, text) in texts {
        letters[face.index()].extend(text.chars().chain(['…']));
    }
    let mut fonts = Vec::with_capacity(4);
    for (((bytes, builtin), whole), letters) in FILES.into_iter().zip(WHOLE.iter()).zip(letters) {
        fonts.push(if letters.iter().all(|c| windows_1252_writes(*c)) {
            CardFont::Builtin(builtin)
        } else {
            let (program, subset) = subset(bytes, whole, letters)?;
            CardFont::Embedded(program, subset)
        });
    }
    fonts
        .try_into()
        .map_err(|_| "four fonts, one per face".to_owned())
}

/// Whether the built-in fonts print `c` (their encoding, WinAnsi, is Windows-1252), by the same
/// encoder printpdf writes them with.
fn windows_1252_writes(c: char) -> bool {
    lopdf::Document::encode_text(Some("WinAnsiEncoding"), c.encode_utf8(&mut [0; 4])).len() == 1
}

/// A cut-down font as the PDF describes it: its letters by their new glyph ids, each glyph's
/// width and height in font units. printpdf would otherwise find them by asking the font for
/// each of the 1.1 million Unicode code points, some 15 ms a font.
#[derive(Debug, Clone)]
pub struct Subset {
    metrics: FontMetrics,
    glyphs: HashMap<char, u16>,
    sizes: HashMap<u16, GlyphMetrics>,
}

impl printpdf::FontData for Subset {
    fn font_metrics(&self) -> FontMetrics {
        self.metrics
    }

    fn glyph_id(&self, c: char) -> Option<u16> {
        self.glyphs.get(&c).copied()
    }

    fn glyph_ids(&self) -> HashMap<u16, char> {
        self.glyphs.iter().map(|(c, id)| (*id, *c)).collect()
    }

    fn glyph_metrics(&self, glyph_id: u16) -> Option<GlyphMetrics> {
        self.sizes.get(&glyph_id).copied()
    }
}

/// A font program and its letters, by their glyph ids in it.
type Program = (Vec<u8>, Vec<(char, u16)>);

/// `bytes` cut down to `letters` (a letter it lacks prints as nothing, as printpdf does with a
/// whole font), and their description.
fn subset(
    bytes: &[u8],
    whole: &rusttype::Font<'static>,
    letters: BTreeSet<char>,
) -> Result<(Vec<u8>, Subset), String> {
    let cut = || -> Result<Program, Box<dyn std::error::Error>> {
        let file = ReadScope::new(bytes).read::<OpenTypeFont<'_>>()?;
        let provider = file.table_provider(0)?;
        let mut lookup = allsorts::Font::new(file.table_provider(0)?)?;
        let mut found: Vec<(char, u16)> = letters
            .into_iter()
            .map(|c| {
                let (id, _) = lookup.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
                (c, id)
            })
            .filter(|(_, id)| *id != 0)
            .collect();
        found.sort_by_key(|(_, id)| *id);
        // The missing glyph first, as every font has it; then each glyph once, in this order:
        // the subset numbers them so.
        let mut glyphs = vec![0u16];
        glyphs.extend(found.iter().map(|(_, id)| *id));
        glyphs.dedup();
        let program =
            allsorts::subset::subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode)?;
        let renumbered = found
            .into_iter()
            .filter_map(|(c, id)| {
                let new = glyphs.iter().position(|old| *old == id)?;
                Some((c, u16::try_from(new).ok()?))
            })
            .collect();
        Ok((program, renumbered))
    };
    let (program, renumbered) = cut().map_err(|error| format!("font subset: {error}"))?;
    let vertical = whole.v_metrics_unscaled();
    #[allow(clippy::cast_possible_truncation)] // font units: a few thousand at most
    let metrics = FontMetrics {
        ascent: vertical.ascent as i16,
        descent: vertical.descent as i16,
        units_per_em: whole.units_per_em(),
    };
    let em = f32::from(whole.units_per_em());
    let sizes = renumbered
        .iter()
        .map(|(c, id)| {
            let glyph = whole
                .glyph(*c)
                .scaled(Scale::uniform(em * height_in_em(whole)));
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // font units
            let width = glyph.h_metrics().advance_width.max(0.0) as u32;
            let height = u32::try_from(i32::from(metrics.ascent) - i32::from(metrics.descent))
                .unwrap_or(1000);
            (*id, GlyphMetrics { width, height })
        })
        .collect();
    let glyphs = renumbered.into_iter().collect();
    Ok((
        program,
        Subset {
            metrics,
            glyphs,
            sizes,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person_name;
    use printpdf::FontData;

    const REGULAR_FACE: Face = Face {
        bold: false,
        italic: false,
    };

    #[test]
    fn the_embedded_font_has_every_letter_a_name_may_use() {
        for font in &WHOLE[..2] {
            // The check can tell: a letter the font lacks has no glyph.
            assert_eq!(font.glyph('王').id().0, 0);
            let missing: Vec<char> = (0x20..0x2100)
                .filter_map(char::from_u32)
                .filter(|c| person_name::printable(*c) && c.is_alphabetic())
                .filter(|c| font.glyph(*c).id().0 == 0)
                .collect();
            assert!(missing.is_empty(), "no glyph for {missing:?}");
        }
    }

    #[test]
    fn a_subset_keeps_its_letters_with_their_widths_and_drops_the_others() {
        let [regular, bold, ..] = for_texts([(REGULAR_FACE, "Șerban Łukasz")]).unwrap();
        assert!(matches!(
            bold,
            CardFont::Builtin(BuiltinFont::HelveticaBold)
        ));
        let CardFont::Embedded(program, subset) = regular else {
            panic!("Ș and Ł are not Windows-1252")
        };
        let cut = rusttype::Font::from_bytes(program).unwrap();
        let whole = &WHOLE[0];
        let em = f32::from(whole.units_per_em());
        for c in "Șerban Łukasz…".chars() {
            let id = subset.glyph_id(c).unwrap();
            assert_eq!(
                cut.glyph(c).id().0,
                u32::from(id),
                "{c}: the program agrees"
            );
            let width = whole
                .glyph(c)
                .scaled(Scale::uniform(em * height_in_em(whole)));
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let width = width.h_metrics().advance_width as u32;
            assert_eq!(subset.glyph_metrics(id).unwrap().width, width, "{c}");
        }
        assert_eq!(subset.glyph_id('Q'), None);
        assert_eq!(cut.glyph('Q').id().0, 0);
        assert_eq!(subset.glyph_ids().len(), "Șerbn Łukasz…".chars().count());
    }

    #[test]
    fn a_face_whose_letters_windows_1252_writes_stays_built_in() {
        let bold = Face {
            bold: true,
            italic: false,
        };
        let fonts = for_texts([(REGULAR_FACE, "Lefèvre-Garçon Œdipe"), (bold, "Zoë €")]).unwrap();
        assert!(
            fonts
                .iter()
                .all(|font| matches!(font, CardFont::Builtin(_)))
        );
        let fonts = for_texts([(REGULAR_FACE, "Lefèvre"), (bold, "Wałęsa")]).unwrap();
        assert!(matches!(fonts[0], CardFont::Builtin(_)));
        assert!(matches!(fonts[1], CardFont::Embedded(..)));
        assert!(windows_1252_writes('€') && windows_1252_writes('Ÿ'));
        assert!(!windows_1252_writes('ł') && !windows_1252_writes('Ș'));
    }

    #[test]
    fn widths_and_heights_are_the_font_s_at_the_size() {
        // Liberation Sans (as Helvetica): "M" is 833 units of 2048... at 10 points, 8.33 pt.
        let m = REGULAR_FACE.width("M", 10.0);
        assert!((m - 8.33).abs() < 0.01, "{m}");
        assert!((REGULAR_FACE.width("MM", 10.0) - 2.0 * m).abs() < 0.001);
        let (baseline, line) = REGULAR_FACE.heights(10.0);
        assert!(baseline > 10.0 && line >= baseline, "{baseline} {line}");
    }
}
