//! The certificate as a PDF: one card (ID-1 size, 85.6 × 54 mm) with the holder, the training,
//! who delivered it, its validity and the QR code of its signed token.
//!
//! The card's text is laid out as data first (`blocks`), so that the fonts (`fonts`) can be the
//! built-in ones when Windows-1252 writes it all, or else cut down to the letters it prints. It
//! is drawn with printpdf, which measures nothing: widths come from `fonts::Face`.

use super::card::Card;
use super::fonts::{self, CardFont, Face};
use super::qr;
use crate::domain::label::french_date;
use printpdf::{
    Color, ColorBits, ColorSpace, CustomPdfConformance, Image, ImageXObject, IndirectFontRef, Line,
    Mm, PdfConformance, PdfDocument, PdfDocumentReference, PdfLayerReference, Point, Px, Rgb,
};
use std::io::BufWriter;

const WIDTH: f32 = 85.6;
const HEIGHT: f32 = 54.0;
const MARGIN: f32 = 4.0;
const QR_SIZE: f32 = 32.0;
const QR_TOP: f32 = 14.0;
const NAVY: (u8, u8, u8) = (0, 45, 110);
const GREY: (u8, u8, u8) = (90, 90, 90);

/// The certificate's PDF. `token` is what its QR code carries.
pub fn render(card: &Card, token: &str) -> Result<Vec<u8>, String> {
    let blocks = blocks(card);
    let fonts = fonts::for_texts(blocks.iter().filter_map(Block::text))?;
    let title = format!(
        "Certificat {} - {} {}",
        display_code(&card.scheme_code),
        card.given_name,
        card.family_name
    );
    let (doc, page, layer) = PdfDocument::new(title, mm(WIDTH), mm(HEIGHT), "carte");
    let doc = doc.with_conformance(PdfConformance::Custom(CustomPdfConformance {
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..Default::default()
    }));
    let fonts = add_fonts(&doc, fonts)?;
    let layer = doc.get_page(page).get_layer(layer);
    let mut pen = Pen {
        layer: &layer,
        fonts: &fonts,
        y: MARGIN,
    };
    for block in &blocks {
        pen.draw(block);
    }
    draw_qr_code(&layer, token)?;

    let mut pdf = BufWriter::new(Vec::new());
    doc.save(&mut pdf)
        .map_err(|error| format!("PDF: {error}"))?;
    pdf.into_inner().map_err(|error| format!("PDF: {error}"))
}

fn add_fonts(
    doc: &PdfDocumentReference,
    fonts: [CardFont; 4],
) -> Result<[IndirectFontRef; 4], String> {
    let mut added = Vec::with_capacity(4);
    for font in fonts {
        added.push(
            match font {
                CardFont::Builtin(builtin) => doc.add_builtin_font(builtin),
                CardFont::Embedded(program, subset) => doc.add_external_font_data(program, subset),
            }
            .map_err(|error| format!("font: {error}"))?,
        );
    }
    added
        .try_into()
        .map_err(|_| "four fonts, one per face".to_owned())
}

/// The QR code, right-aligned below the rule, one image pixel per module, drawn sharp (not
/// interpolated: smoothing would blur every edge of a code this small).
fn draw_qr_code(layer: &PdfLayerReference, token: &str) -> Result<(), String> {
    let (pixels, modules) = qr::pixels(token).map_err(|error| format!("QR code: {error}"))?;
    let image = Image::from(ImageXObject {
        width: Px(modules as usize),
        height: Px(modules as usize),
        color_space: ColorSpace::Greyscale,
        bits_per_component: ColorBits::Bit8,
        interpolate: false,
        image_data: pixels,
        image_filter: None,
        clipping_bbox: None,
    });
    let dpi = f64::from(modules) / f64::from(QR_SIZE / 25.4);
    // Placed by its lower-left corner, from the bottom of the page.
    let left = WIDTH - MARGIN - QR_SIZE + 1.0;
    let bottom = HEIGHT - (QR_TOP - 1.5 + QR_SIZE);
    image.add_to_layer(
        layer.clone(),
        Some(mm(left)),
        Some(mm(bottom)),
        None,
        None,
        None,
        Some(dpi),
    );
    Ok(())
}

fn mm(millimetres: f32) -> Mm {
    Mm(f64::from(millimetres))
}

/// Points to millimetres.
fn pt_to_mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

/// A text's face, size (points) and colour (black when none).
#[derive(Clone, Copy)]
struct TextStyle {
    face: Face,
    size: f32,
    color: Option<(u8, u8, u8)>,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            face: Face {
                bold: false,
                italic: false,
            },
            size: 12.0,
            color: None,
        }
    }
}

impl TextStyle {
    fn bold(mut self) -> Self {
        self.face.bold = true;
        self
    }

    fn italic(mut self) -> Self {
        self.face.italic = true;
        self
    }

    fn sized(mut self, size: f32) -> Self {
        self.size = size;
        self
    }

    fn colored(mut self, color: (u8, u8, u8)) -> Self {
        self.color = Some(color);
        self
    }

    /// How wide `text` is, in millimetres.
    fn width(self, text: &str) -> f32 {
        pt_to_mm(self.face.width(text, self.size))
    }
}

fn color((red, green, blue): (u8, u8, u8)) -> Color {
    let part = |value: u8| f64::from(value) / 255.0;
    Color::Rgb(Rgb::new(part(red), part(green), part(blue), None))
}

/// What the card prints, top to bottom.
enum Block {
    /// One line, cut with an ellipsis to `width` millimetres.
    Line {
        text: String,
        style: TextStyle,
        width: f32,
    },
    /// Text in at most `lines` lines of `width` millimetres, broken between words.
    Wrapped {
        text: String,
        style: TextStyle,
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
    fn line(text: impl Into<String>, style: TextStyle, width: f32) -> Block {
        Block::Line {
            text: text.into(),
            style,
            width,
        }
    }

    /// The text this block prints (before it is cut), and in which face.
    fn text(&self) -> Option<(Face, &str)> {
        match self {
            Block::Line { text, style, .. } | Block::Wrapped { text, style, .. } => {
                Some((style.face, text))
            }
            _ => None,
        }
    }
}

fn blocks(card: &Card) -> Vec<Block> {
    let style = TextStyle::default();
    let full = WIDTH - 2.0 * MARGIN;
    let column = WIDTH - 2.0 * MARGIN - QR_SIZE - 2.0;
    let body = style.sized(6.0);
    let title = format!(
        "CERTIFICAT {}",
        display_code(&card.scheme_code).to_uppercase()
    );
    let mut blocks = vec![
        Block::At(MARGIN),
        Block::line(title, style.bold().sized(10.0).colored(NAVY), full),
        Block::Wrapped {
            text: card.scheme_name.clone(),
            style: style.italic().sized(6.0).colored(GREY),
            width: full,
            lines: 2,
        },
        Block::Space(1.0),
        Block::Rule,
        Block::At(QR_TOP),
    ];
    let holder = format!("{} {}", card.given_name, card.family_name.to_uppercase());
    blocks.push(Block::line(holder, style.bold().sized(9.0), column));
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
    let emphasis = style.bold().sized(7.0).colored(NAVY);
    blocks.push(Block::line(validity, emphasis, column));
    let footer = style.sized(4.0).colored(GREY);
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

/// Draws the blocks one under the other, `y` millimetres from the top.
struct Pen<'a> {
    layer: &'a PdfLayerReference,
    fonts: &'a [IndirectFontRef; 4],
    y: f32,
}

impl Pen<'_> {
    fn draw(&mut self, block: &Block) {
        match block {
            Block::Line { text, style, width } => self.line(&fit(*style, text, *width), *style),
            Block::Wrapped {
                text,
                style,
                width,
                lines,
            } => {
                for line in wrap(*style, text, *width, *lines) {
                    self.line(&fit(*style, &line, *width), *style);
                }
            }
            Block::Space(height) => self.y += height,
            Block::At(y) => self.y = *y,
            Block::Rule => {
                let at = |x: f32| (Point::new(mm(x), mm(HEIGHT - self.y)), false);
                self.layer.set_outline_color(color(NAVY));
                self.layer.add_shape(Line {
                    points: vec![at(MARGIN), at(WIDTH - MARGIN)],
                    is_closed: false,
                    has_fill: false,
                    has_stroke: true,
                    is_clipping_path: false,
                });
            }
        }
    }

    /// One line of text, its top at `y`; `y` moves to the next line.
    fn line(&mut self, text: &str, style: TextStyle) {
        let (baseline, line_height) = style.face.heights(style.size);
        let font = &self.fonts[style.face.index()];
        self.layer.begin_text_section();
        self.layer.set_font(font, f64::from(style.size));
        self.layer
            .set_text_cursor(mm(MARGIN), mm(HEIGHT - self.y - pt_to_mm(baseline)));
        self.layer
            .set_fill_color(color(style.color.unwrap_or((0, 0, 0))));
        self.layer.write_text(text, font);
        self.layer.end_text_section();
        self.y += pt_to_mm(line_height);
    }
}

/// `text`, shortened with an ellipsis until it fits `width` millimetres.
fn fit(style: TextStyle, text: &str, width: f32) -> String {
    if style.width(text) <= width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if style.width(&candidate) <= width {
            return candidate;
        }
    }
    String::new()
}

/// `text` in at most `max_lines` lines of `width` millimetres, broken between words (the last
/// line takes the rest, to be cut by `fit`).
#[allow(clippy::expect_used)] // `lines` starts with one line and only grows
fn wrap(style: TextStyle, text: &str, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let current = lines.last_mut().expect("one line at least");
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if style.width(&candidate) <= width || current.is_empty() || lines.len() == max_lines {
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
        let fonts = fonts::for_texts(blocks.iter().filter_map(Block::text)).unwrap();
        fonts
            .iter()
            .all(|font| matches!(font, CardFont::Builtin(_)))
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
        let interpolated = image.get(b"Interpolate");
        let interpolated = matches!(interpolated, Ok(lopdf::Object::Boolean(true)));
        assert!(!interpolated, "the QR code is drawn sharp");
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
