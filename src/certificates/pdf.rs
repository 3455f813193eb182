//! The certificate as a PDF: one card (ID-1 size, 85.6 × 54 mm) with the holder, the training,
//! who delivered it, its validity and the QR code of its signed token.
//!
//! Text that Windows-1252 can write (nearly every name) uses the PDF's built-in Helvetica, with
//! Liberation Sans (metrically identical) for the measures: nothing is embedded, the file stays a
//! few kilobytes and renders in about a millisecond. Any other name falls back to Liberation Sans
//! embedded (a subset holding Latin, Greek and Cyrillic), larger and slower but exact.
//! No system font is read: the fonts are inside the binary.

use super::card::Card;
use super::qr;
use chrono::NaiveDate;
use genpdf::error::{Error, ErrorKind};
use genpdf::fonts::{FontData, FontFamily};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Context, Document, Element, Mm, Position, RenderResult, Rotation, Scale, Size};
use printpdf::BuiltinFont;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-BoldItalic.ttf");

const WIDTH: f32 = 85.6;
const HEIGHT: f32 = 54.0;
const MARGIN: f32 = 4.0;
const QR_SIZE: f32 = 32.0;
const QR_TOP: f32 = 14.0;
const NAVY: Color = Color::Rgb(0, 45, 110);
const GREY: Color = Color::Rgb(90, 90, 90);

/// The certificate's PDF. `token` is what its QR code carries.
pub fn render(card: &Card, token: &str) -> Result<Vec<u8>, Error> {
    match render_with(card, token, true) {
        Err(error) if matches!(error.kind(), ErrorKind::UnsupportedEncoding) => {
            render_with(card, token, false)
        }
        other => other,
    }
}

fn render_with(card: &Card, token: &str, builtin: bool) -> Result<Vec<u8>, Error> {
    let (qr, modules) = qr::image(token)
        .map_err(|error| Error::new(format!("QR code: {error}"), ErrorKind::Internal))?;
    let mut doc = Document::new(fonts(builtin)?);
    doc.set_title(format!(
        "Certificat {} - {} {}",
        display_code(&card.scheme_code),
        card.given_name,
        card.family_name
    ));
    doc.set_paper_size(Size::new(WIDTH, HEIGHT));
    doc.set_minimal_conformance();
    doc.push(CardLayout {
        card: card.clone(),
        qr,
        modules,
    });
    let mut pdf = Vec::new();
    doc.render(&mut pdf)?;
    sharpen_images(&mut pdf);
    Ok(pdf)
}

/// printpdf 0.3 marks every image `/Interpolate true`, which asks viewers and printers to smooth
/// it when scaled: on a QR code drawn one pixel per module, that blurs every edge (a 300 dpi
/// rendering no longer scans). The entry is blanked out with as many spaces, so no offset in the
/// file moves; without it, images are drawn as they are (the PDF default).
fn sharpen_images(pdf: &mut [u8]) {
    const ENTRY: &[u8] = b"/Interpolate true";
    let mut start = 0;
    while let Some(found) = pdf[start..]
        .windows(ENTRY.len())
        .position(|window| window == ENTRY)
    {
        let at = start + found;
        pdf[at..at + ENTRY.len()].fill(b' ');
        start = at + ENTRY.len();
    }
}

fn fonts(builtin: bool) -> Result<FontFamily<FontData>, Error> {
    let font =
        |bytes: &[u8], builtin_font| FontData::new(bytes.to_vec(), builtin.then_some(builtin_font));
    Ok(FontFamily {
        regular: font(REGULAR, BuiltinFont::Helvetica)?,
        bold: font(BOLD, BuiltinFont::HelveticaBold)?,
        italic: font(ITALIC, BuiltinFont::HelveticaOblique)?,
        bold_italic: font(BOLD_ITALIC, BuiltinFont::HelveticaBoldOblique)?,
    })
}

struct CardLayout {
    card: Card,
    qr: image023::DynamicImage,
    modules: u32,
}

impl Element for CardLayout {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, Error> {
        let card = &self.card;
        let mut pen = Pen {
            context,
            area: &area,
            y: MARGIN,
        };
        let full = WIDTH - 2.0 * MARGIN;
        let column = WIDTH - 2.0 * MARGIN - QR_SIZE - 2.0;

        let title = format!(
            "CERTIFICAT {}",
            display_code(&card.scheme_code).to_uppercase()
        );
        pen.line(
            &title,
            style.bold().with_font_size(10).with_color(NAVY),
            full,
        )?;
        let subtitle = style.italic().with_font_size(6).with_color(GREY);
        for line in wrap(context, subtitle, &card.scheme_name, full, 2) {
            pen.line(&line, subtitle, full)?;
        }
        pen.y += 1.0;
        area.draw_line(
            vec![
                Position::new(MARGIN, pen.y),
                Position::new(WIDTH - MARGIN, pen.y),
            ],
            Style::new().with_color(NAVY),
        );

        pen.y = QR_TOP;
        let holder = format!("{} {}", card.given_name, card.family_name.to_uppercase());
        pen.line(&holder, style.bold().with_font_size(9), column)?;
        pen.y += 0.6;
        let body = style.with_font_size(6);
        if let Some(birth_date) = card.birth_date {
            pen.line(&format!("Né(e) le {}", french(birth_date)), body, column)?;
        }
        let training = match card.kind {
            Some(kind) => format!(
                "{} — {}",
                card.role.label(),
                match kind {
                    crate::domain::session::SessionKind::Initial => "formation initiale",
                    crate::domain::session::SessionKind::Mac => "MAC",
                }
            ),
            None => card.role.label().to_owned(),
        };
        pen.line(&training, body, column)?;
        match (card.start_date, card.end_date) {
            (Some(start), Some(end)) if start == end => {
                pen.line(&format!("Session du {}", french(end)), body, column)?;
            }
            (Some(start), Some(end)) => {
                let dates = format!("Session du {} au {}", french(start), french(end));
                pen.line(&dates, body, column)?;
            }
            _ => {}
        }
        pen.y += 0.8;
        for (label, value) in [
            ("Organisme", &card.entity_name),
            ("Formateur", &card.trainer_name),
            ("Signataire", &card.signatory_name),
        ] {
            if let Some(value) = value {
                pen.line(&format!("{label} : {value}"), body, column)?;
            }
        }
        pen.y += 0.8;
        let validity = format!("Valable jusqu'au {}", french(card.valid_until));
        pen.line(
            &validity,
            style.bold().with_font_size(7).with_color(NAVY),
            column,
        )?;

        pen.y = HEIGHT - MARGIN - 3.6;
        let footer = style.with_font_size(4).with_color(GREY);
        pen.line("Authenticité vérifiable par QR code :", footer, column)?;
        pen.line(
            "Assurance Maladie – Risques professionnels · INRS",
            footer,
            column,
        )?;

        // The QR code, right-aligned below the rule; the image is placed by its lower-left corner.
        let dpi = f64::from(self.modules) / f64::from(QR_SIZE / 25.4);
        area.add_image(
            &self.qr,
            Position::new(WIDTH - MARGIN - QR_SIZE + 1.0, QR_TOP - 1.5 + QR_SIZE),
            Scale::new(1, 1),
            Rotation::default(),
            Some(dpi),
        );
        Ok(RenderResult {
            size: Size::new(WIDTH, HEIGHT),
            has_more: false,
        })
    }
}

/// Writes lines one under the other, each cut to its width with an ellipsis.
struct Pen<'a, 'b> {
    context: &'a Context,
    area: &'a Area<'b>,
    y: f32,
}

impl Pen<'_, '_> {
    fn line(&mut self, text: &str, style: Style, width: f32) -> Result<(), Error> {
        let text = fit(self.context, style, text, width);
        self.area.print_str(
            &self.context.font_cache,
            Position::new(MARGIN, self.y),
            style,
            text,
        )?;
        self.y += millimetres(style.line_height(&self.context.font_cache));
        Ok(())
    }
}

#[allow(clippy::cast_possible_truncation)] // lengths on a card: a few dozen millimetres
fn millimetres(mm: Mm) -> f32 {
    printpdf::Mm::from(mm).0 as f32
}

fn width_of(context: &Context, style: Style, text: &str) -> f32 {
    millimetres(style.str_width(&context.font_cache, text))
}

/// `text`, shortened with an ellipsis until it fits `width` millimetres.
fn fit(context: &Context, style: Style, text: &str, width: f32) -> String {
    if width_of(context, style, text) <= width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if width_of(context, style, &candidate) <= width {
            return candidate;
        }
    }
    String::new()
}

/// `text` in at most `max_lines` lines of `width` millimetres, broken between words (the last
/// line takes the rest, to be cut by `fit`).
#[allow(clippy::expect_used)] // `lines` starts with one line and only grows
fn wrap(context: &Context, style: Style, text: &str, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let current = lines.last_mut().expect("one line at least");
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if width_of(context, style, &candidate) <= width
            || current.is_empty()
            || lines.len() == max_lines
        {
            *lines.last_mut().expect("one line at least") = candidate;
        } else {
            lines.push(word.to_owned());
        }
    }
    lines
}

fn french(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `PRAP_IBC` → `PRAP IBC`.
fn display_code(code: &str) -> String {
    code.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::CertifiedRole;
    use crate::domain::person_name;
    use crate::domain::session::SessionKind;

    fn card(family_name: &str, given_name: &str) -> Card {
        Card {
            family_name: family_name.into(),
            given_name: given_name.into(),
            birth_date: Some("1990-05-12".parse().unwrap()),
            scheme_code: "PRAP_IBC".into(),
            scheme_name: "Prévention des risques liés à l'activité physique - Industrie, BTP, \
                          commerce et activités de bureau"
                .into(),
            level: 1,
            role: CertifiedRole::Actor,
            kind: Some(SessionKind::Mac),
            start_date: Some("2026-11-02".parse().unwrap()),
            end_date: Some("2026-11-03".parse().unwrap()),
            entity_name: Some("Organisme de formation aux premiers secours de la vallée".into()),
            trainer_name: Some("Marc Dubois".into()),
            signatory_name: Some("Claire Bernard".into()),
            valid_until: "2028-11-03".parse().unwrap(),
        }
    }

    /// Whether `card` prints with the built-in fonts (no font embedded).
    fn uses_builtin_fonts(card: &Card) -> bool {
        render_with(card, "x", true).is_ok()
    }

    fn page_count(pdf: &[u8]) -> usize {
        lopdf::Document::load_mem(pdf).unwrap().get_pages().len()
    }

    #[test]
    fn french_names_print_with_the_built_in_fonts_on_one_card() {
        let card = card("Lefèvre-Garçon", "Éloïse Œdipe");
        assert!(uses_builtin_fonts(&card));
        let pdf = render(&card, &"t".repeat(420)).unwrap();
        assert_eq!(page_count(&pdf), 1);
        let image = lopdf::Document::load_mem(&pdf)
            .unwrap()
            .objects
            .values()
            .filter_map(|object| object.as_stream().ok())
            .find(|stream| stream.dict.has(b"Width"))
            .map(|stream| stream.dict.clone())
            .unwrap();
        assert!(!image.has(b"Interpolate"), "the QR code is drawn sharp");
        assert!(!String::from_utf8_lossy(&pdf).contains("FontFile2"));
    }

    #[test]
    fn other_names_print_with_the_embedded_font() {
        for (family, given) in [
            ("Wałęsa", "Łukasz"),
            ("Παπαδόπουλος", "Νίκος"),
            ("Иванов", "Пётр"),
        ] {
            let card = card(family, given);
            assert!(!uses_builtin_fonts(&card), "{family}");
            let pdf = render(&card, "token").unwrap();
            assert_eq!(page_count(&pdf), 1);
            assert!(String::from_utf8_lossy(&pdf).contains("FontFile2"));
        }
    }

    #[test]
    fn the_embedded_font_has_every_letter_a_name_may_use() {
        for bytes in [REGULAR, BOLD] {
            let font = FontData::new(bytes.to_vec(), None).unwrap();
            let cache = genpdf::fonts::FontCache::new(FontFamily {
                regular: font.clone(),
                bold: font.clone(),
                italic: font.clone(),
                bold_italic: font,
            });
            let regular = cache.default_font_family().regular;
            // The check can tell: a letter the subset left out has no glyph.
            assert_eq!(regular.glyph_ids(&cache, ['王']), [0]);
            let missing: Vec<char> = (0x20..0x2100)
                .filter_map(char::from_u32)
                .filter(|c| person_name::printable(*c) && c.is_alphabetic())
                .filter(|c| regular.glyph_ids(&cache, [*c]) == [0])
                .collect();
            assert!(missing.is_empty(), "no glyph for {missing:?}");
        }
    }
}
