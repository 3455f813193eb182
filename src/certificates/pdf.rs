//! The certificate as a PDF: one card (ID-1 size, 85.6 × 54 mm) with the holder, the training,
//! who delivered it, its validity and the QR code of its signed token.
//!
//! The card's text is laid out as data first (`blocks`), so that the fonts (`fonts`) can be the
//! built-in ones when Windows-1252 writes it all, or else cut down to the letters it prints.

use super::card::Card;
use super::{fonts, qr};
use crate::domain::label::french_date;
use genpdf::error::{Error, ErrorKind};
use genpdf::fonts::{FontData, FontFamily};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Context, Document, Element, Mm, Position, RenderResult, Rotation, Scale, Size};

const WIDTH: f32 = 85.6;
const HEIGHT: f32 = 54.0;
const MARGIN: f32 = 4.0;
const QR_SIZE: f32 = 32.0;
const QR_TOP: f32 = 14.0;
const NAVY: Color = Color::Rgb(0, 45, 110);
const GREY: Color = Color::Rgb(90, 90, 90);

/// The certificate's PDF. `token` is what its QR code carries.
pub fn render(card: &Card, token: &str) -> Result<Vec<u8>, Error> {
    let blocks = blocks(card);
    let fonts = fonts::for_texts(blocks.iter().filter_map(Block::text))?;
    let pdf = render_with(card, token, blocks, fonts.family)?;
    if fonts.embedded {
        compress(&pdf)
    } else {
        Ok(pdf)
    }
}

/// `pdf` with every stream compressed, its embedded fonts too (printpdf 0.3 leaves them as they
/// are, needlessly: a font program takes a filter like any stream).
fn compress(pdf: &[u8]) -> Result<Vec<u8>, Error> {
    let failed = |error: lopdf::Error| Error::new(format!("PDF: {error}"), ErrorKind::Internal);
    let mut doc = lopdf::Document::load_mem(pdf).map_err(failed)?;
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            stream.allows_compression = true;
        }
    }
    doc.compress();
    let mut compressed = Vec::with_capacity(pdf.len() / 2);
    doc.save_to(&mut compressed)
        .map_err(|error| Error::new(format!("PDF: {error}"), ErrorKind::Internal))?;
    Ok(compressed)
}

fn render_with(
    card: &Card,
    token: &str,
    blocks: Vec<Block>,
    fonts: FontFamily<FontData>,
) -> Result<Vec<u8>, Error> {
    let (qr, modules) = qr::image(token)
        .map_err(|error| Error::new(format!("QR code: {error}"), ErrorKind::Internal))?;
    let mut doc = Document::new(fonts);
    doc.set_title(format!(
        "Certificat {} - {} {}",
        display_code(&card.scheme_code),
        card.given_name,
        card.family_name
    ));
    doc.set_paper_size(Size::new(WIDTH, HEIGHT));
    doc.set_minimal_conformance();
    doc.push(CardLayout {
        blocks,
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

/// What the card prints, top to bottom.
enum Block {
    /// One line, cut with an ellipsis to `width` millimetres.
    Line {
        text: String,
        style: Style,
        width: f32,
    },
    /// Text in at most `lines` lines of `width` millimetres, broken between words.
    Wrapped {
        text: String,
        style: Style,
        width: f32,
        lines: usize,
    },
    /// Vertical space, in millimetres.
    Space(f32),
    /// Go on at this many millimetres from the top.
    At(f32),
    /// The rule under the title.
    Rule,
}

impl Block {
    fn line(text: impl Into<String>, style: Style, width: f32) -> Block {
        Block::Line {
            text: text.into(),
            style,
            width,
        }
    }

    /// The text this block prints (before it is cut), and in which style.
    fn text(&self) -> Option<(Style, &str)> {
        match self {
            Block::Line { text, style, .. } | Block::Wrapped { text, style, .. } => {
                Some((*style, text))
            }
            _ => None,
        }
    }
}

fn blocks(card: &Card) -> Vec<Block> {
    let style = Style::new();
    let full = WIDTH - 2.0 * MARGIN;
    let column = WIDTH - 2.0 * MARGIN - QR_SIZE - 2.0;
    let body = style.with_font_size(6);
    let title = format!(
        "CERTIFICAT {}",
        display_code(&card.scheme_code).to_uppercase()
    );
    let mut blocks = vec![
        Block::At(MARGIN),
        Block::line(
            title,
            style.bold().with_font_size(10).with_color(NAVY),
            full,
        ),
        Block::Wrapped {
            text: card.scheme_name.clone(),
            style: style.italic().with_font_size(6).with_color(GREY),
            width: full,
            lines: 2,
        },
        Block::Space(1.0),
        Block::Rule,
        Block::At(QR_TOP),
    ];
    let holder = format!("{} {}", card.given_name, card.family_name.to_uppercase());
    blocks.push(Block::line(holder, style.bold().with_font_size(9), column));
    blocks.push(Block::Space(0.6));
    if let Some(birth_date) = card.birth_date {
        let born = format!("Né(e) le {}", french_date(birth_date));
        blocks.push(Block::line(born, body, column));
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
    blocks.push(Block::line(training, body, column));
    match (card.start_date, card.end_date) {
        (Some(start), Some(end)) if start == end => {
            let dates = format!("Session du {}", french_date(end));
            blocks.push(Block::line(dates, body, column));
        }
        (Some(start), Some(end)) => {
            let dates = format!("Session du {} au {}", french_date(start), french_date(end));
            blocks.push(Block::line(dates, body, column));
        }
        _ => {}
    }
    blocks.push(Block::Space(0.8));
    for (label, value) in [
        ("Organisme", &card.entity_name),
        ("Formateur", &card.trainer_name),
        ("Signataire", &card.signatory_name),
    ] {
        if let Some(value) = value {
            blocks.push(Block::line(format!("{label} : {value}"), body, column));
        }
    }
    blocks.push(Block::Space(0.8));
    let validity = format!("Valable jusqu'au {}", french_date(card.valid_until));
    let emphasis = style.bold().with_font_size(7).with_color(NAVY);
    blocks.push(Block::line(validity, emphasis, column));
    let footer = style.with_font_size(4).with_color(GREY);
    blocks.extend([
        Block::At(HEIGHT - MARGIN - 3.6),
        Block::line("Authenticité vérifiable par QR code :", footer, column),
        Block::line(
            "Assurance Maladie – Risques professionnels · INRS",
            footer,
            column,
        ),
    ]);
    blocks
}

struct CardLayout {
    blocks: Vec<Block>,
    qr: image023::DynamicImage,
    modules: u32,
}

impl Element for CardLayout {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, Error> {
        let mut pen = Pen {
            context,
            area: &area,
            y: MARGIN,
        };
        for block in &self.blocks {
            match block {
                Block::Line { text, style, width } => pen.line(text, *style, *width)?,
                Block::Wrapped {
                    text,
                    style,
                    width,
                    lines,
                } => {
                    for line in wrap(context, *style, text, *width, *lines) {
                        pen.line(&line, *style, *width)?;
                    }
                }
                Block::Space(height) => pen.y += height,
                Block::At(y) => pen.y = *y,
                Block::Rule => area.draw_line(
                    vec![
                        Position::new(MARGIN, pen.y),
                        Position::new(WIDTH - MARGIN, pen.y),
                    ],
                    Style::new().with_color(NAVY),
                ),
            }
        }

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

/// `PRAP_IBC` → `PRAP IBC`.
fn display_code(code: &str) -> String {
    code.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::CertifiedRole;
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
        let blocks = blocks(card);
        !fonts::for_texts(blocks.iter().filter_map(Block::text))
            .unwrap()
            .embedded
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
    fn other_names_print_with_the_letters_they_use_embedded_in_under_20_kb() {
        for (family, given) in [
            ("Wałęsa", "Łukasz"),
            ("Ștefănescu", "Țara"),
            ("Dvořák", "Jiří"),
            ("Öztürk", "Ağrı"),
            ("Nguyễn", "Thị Hồng"),
            ("Παπαδόπουλος", "Νίκος"),
            ("Иванов", "Пётр"),
        ] {
            let card = card(family, given);
            assert!(!uses_builtin_fonts(&card), "{family}");
            let pdf = render(&card, &"T".repeat(300)).unwrap();
            assert_eq!(page_count(&pdf), 1);
            assert!(String::from_utf8_lossy(&pdf).contains("FontFile2"));
            assert!(pdf.len() <= 20_000, "{family}: {} bytes", pdf.len());
        }
    }
}
