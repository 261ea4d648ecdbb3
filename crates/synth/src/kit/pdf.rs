//! A small PDF writer for tests: pages of positioned text in the Chinese fonts
//! reports use without embedding them — `STSong-Light` through the predefined
//! CMaps `UniGB-UCS2-H` (UCS-2 codes) or `GBK-EUC-H` (GBK bytes), which poppler
//! maps to Unicode with poppler-data — or in a font without any character map;
//! and pages without text (a scan: an image and a drawn frame).
//!
//! Used by the PDF tests of `xxgk-read` and `xxgk-extract`.

/// How the text of a page is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    /// `STSong-Light`, `/Encoding /UniGB-UCS2-H`: two bytes per character (BMP).
    UniGbUcs2,
    /// `STSong-Light`, `/Encoding /GBK-EUC-H`: GBK bytes, ASCII as one byte.
    GbkEuc,
    /// A subset TrueType font with `/Identity-H` and no `/ToUnicode`: the codes
    /// are glyph ids that nothing maps back to characters.
    Unmapped,
}

/// One run of text at a position (points from the bottom left of an A4 page).
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// Points from the left edge.
    pub x: f32,
    /// Points from the bottom edge.
    pub y: f32,
    /// What is printed there.
    pub text: String,
}

impl Text {
    /// `text` at (`x`, `y`).
    pub fn new(x: f32, y: f32, text: &str) -> Text {
        Text {
            x,
            y,
            text: text.to_string(),
        }
    }
}

/// A4 width in points.
pub const WIDTH: f32 = 595.0;
/// A4 height in points.
pub const HEIGHT: f32 = 842.0;

/// A PDF of A4 pages holding `pages`' text at `size` points in `font`.
pub fn text_pdf(pages: &[Vec<Text>], font: Font, size: f32) -> Vec<u8> {
    text_pdf_sized(pages, font, size, WIDTH, HEIGHT)
}

/// The same on pages `width` × `height` points.
pub fn text_pdf_sized(
    pages: &[Vec<Text>],
    font: Font,
    size: f32,
    width: f32,
    height: f32,
) -> Vec<u8> {
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|texts| {
            let mut ops = format!("BT /F1 {size} Tf\n");
            for t in texts {
                ops.push_str(&format!(
                    "1 0 0 1 {:.2} {:.2} Tm <{}> Tj\n",
                    t.x,
                    t.y,
                    hex(&encode(font, &t.text))
                ));
            }
            ops.push_str("ET\n");
            ops.into_bytes()
        })
        .collect();
    write(&contents, Some(font), false, (width, height))
}

/// A PDF of `pages` pages with no text: an image and a frame on each, as a
/// scanner writes them.
pub fn scan_pdf(pages: usize) -> Vec<u8> {
    let content = b"q 500 0 0 700 40 70 cm /Im1 Do Q\n0.5 w 30 60 520 720 re S\n".to_vec();
    write(&vec![content; pages], None, true, (WIDTH, HEIGHT))
}

/// A PDF of `pages` empty pages.
pub fn empty_pdf(pages: usize) -> Vec<u8> {
    write(&vec![Vec::new(); pages], None, false, (WIDTH, HEIGHT))
}

fn encode(font: Font, text: &str) -> Vec<u8> {
    match font {
        Font::UniGbUcs2 => text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
        Font::GbkEuc => {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
            assert!(!unmappable, "not in GBK: {text}");
            bytes.into_owned()
        }
        // Glyph ids: arbitrary, as a subset font numbers its glyphs.
        Font::Unmapped => text
            .chars()
            .flat_map(|c| ((c as u32 % 4000) as u16 + 3).to_be_bytes())
            .collect(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the objects: catalog, page tree, font objects, then per page a page
/// and its content stream; a correct xref table and trailer.
fn write(
    contents: &[Vec<u8>],
    font: Option<Font>,
    image: bool,
    (width, height): (f32, f32),
) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    // 1 catalog, 2 pages, 3 font, 4 descendant, 5 descriptor, 6 image.
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let first_page = 7;
    let kids: Vec<String> = (0..contents.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            contents.len()
        )
        .into_bytes(),
    );
    let (name, encoding, subtype, ordering, supplement, widths) =
        match font.unwrap_or(Font::UniGbUcs2) {
            Font::UniGbUcs2 => (
                "STSong-Light",
                "UniGB-UCS2-H",
                "CIDFontType0",
                "GB1",
                4,
                // Adobe-GB1 CIDs 1–95 are the proportional ASCII glyphs: half width.
                "/W [1 95 500]",
            ),
            Font::GbkEuc => (
                "STSong-Light",
                "GBK-EUC-H",
                "CIDFontType0",
                "GB1",
                4,
                "/W [1 95 500]",
            ),
            Font::Unmapped => (
                "ABCDEF+SimSun",
                "Identity-H",
                "CIDFontType2",
                "Identity",
                0,
                "",
            ),
        };
    objects.push(
        format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /{encoding} /DescendantFonts [4 0 R] >>"
        )
        .into_bytes(),
    );
    objects.push(
        format!(
            "<< /Type /Font /Subtype /{subtype} /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement {supplement} >> /FontDescriptor 5 0 R /DW 1000 {widths} >>"
        )
        .into_bytes(),
    );
    objects.push(
        format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
        )
        .into_bytes(),
    );
    // A 2×2 grey image.
    let pixels = [0x20u8, 0x80, 0xC0, 0xF0];
    objects.push(stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &pixels,
    ));
    for (i, content) in contents.iter().enumerate() {
        let mut resources = String::new();
        if font.is_some() {
            resources.push_str("/Font << /F1 3 0 R >> ");
        }
        if image {
            resources.push_str("/XObject << /Im1 6 0 R >> ");
        }
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Resources << {resources}>> /Contents {} 0 R >>",
                first_page + 2 * i + 1
            )
            .into_bytes(),
        );
        objects.push(stream("", content));
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}
