//! Rasterizing a plot's SVG the way a reader's viewer would (resvg), and checking that something is
//! drawn: an SVG can be well-formed XML yet show nothing (a line drawn white, a series off the axes).
//! Shared by the plot's unit tests (included with `#[path]`) and the tests of the committed plots.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

/// Share of the pixels (0–1) that must differ from white for a plot not to be blank: axes, grid, text
/// and lines of a 900 × 560 plot cover several percent.
pub const MIN_INK: f64 = 0.02;
/// Pixels of a colour that must be present for a line of that colour to count as seen.
pub const MIN_PIXELS: usize = 40;
/// How far (per channel, 0–255) a pixel may be from a colour and still count as that colour.
const TOLERANCE: u8 = 12;

/// The system's fonts, loaded once, with a sans-serif family chosen among them; empty without fonts
/// (text is then not drawn, which the checks do not depend on).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut fonts = usvg::fontdb::Database::new();
            fonts.load_system_fonts();
            let families: Vec<String> =
                fonts.faces().flat_map(|face| face.families.iter().map(|(name, _)| name.clone())).collect();
            let sans = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial"]
                .into_iter()
                .find(|wanted| families.iter().any(|f| f == wanted))
                .map(str::to_owned)
                .or_else(|| families.iter().find(|f| f.contains("Sans") && !f.contains("Mono")).cloned());
            if let Some(family) = sans {
                fonts.set_sans_serif_family(family);
            }
            Arc::new(fonts)
        })
        .clone()
}

/// The SVG drawn on a white pixmap of its own size (pixels, one per SVG user unit).
pub fn rasterize(svg: &str) -> tiny_skia::Pixmap {
    let options = usvg::Options { fontdb: fonts(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).unwrap_or_else(|e| panic!("invalid SVG: {e}"));
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).expect("the SVG has a size");
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}

/// The share of pixels (0–1) that are not white.
pub fn ink(pixmap: &tiny_skia::Pixmap) -> f64 {
    let inked = pixmap.pixels().iter().filter(|p| p.red() < 247 || p.green() < 247 || p.blue() < 247).count();
    inked as f64 / pixmap.pixels().len().max(1) as f64
}

/// How many pixels are `colour` (RGB), within a small tolerance for antialiasing.
pub fn pixels_of(pixmap: &tiny_skia::Pixmap, colour: (u8, u8, u8)) -> usize {
    let near = |a: u8, b: u8| a.abs_diff(b) <= TOLERANCE;
    pixmap
        .pixels()
        .iter()
        .filter(|p| near(p.red(), colour.0) && near(p.green(), colour.1) && near(p.blue(), colour.2))
        .count()
}

/// Panics unless the image is drawn on (at least [`MIN_INK`] of it not white) and each named colour
/// covers at least [`MIN_PIXELS`] pixels.
pub fn assert_drawn(pixmap: &tiny_skia::Pixmap, colours: &[(&str, (u8, u8, u8))]) {
    let share = ink(pixmap);
    assert!(share >= MIN_INK, "the image is blank: {:.2} % of its pixels are not white", share * 100.0);
    for (name, colour) in colours {
        let count = pixels_of(pixmap, *colour);
        assert!(count >= MIN_PIXELS, "{name} ({colour:?}) is not seen: {count} pixel(s) of that colour");
    }
}
