//! What an image is, found by decoding it whole with the `image` crate: its format and dimensions, or
//! why it is not an image. A PNG signature followed by junk, a truncated JPEG or a GIF with a broken
//! frame is refused with the decoder's own words, not stored as a picture.
//!
//! A PNG is checked row by row with the `png` crate (every chunk, every CRC, the whole zlib stream),
//! holding one row at a time, so a 200 MiB PNG costs no more memory than a small one. Other formats
//! are decoded whole, with a ceiling ([`MAX_DECODE`]); an image that would need more is refused with
//! that reason rather than checked on trust.

use std::path::Path;

use image::{ImageReader, Limits};
use socklab::i18n::Said;
use socklab::said;

/// The most memory one image's decoding may use (pixels and decoder buffers).
pub const MAX_DECODE: u64 = 512 << 20;

/// The format and size of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// Lower-case format name: `png`, `jpeg`, `gif`, `webp`, `bmp`.
    pub format: String,
    pub width: u32,
    pub height: u32,
}

/// Decodes the file at `path`. The error says what is wrong: not a known format, or a known format's
/// header with data that does not decode (and the decoder's reason, in its own words).
pub fn inspect(path: &Path) -> Result<ImageInfo, Said> {
    let mut reader = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|err| said!("text-image-cannot-read-payload", error = err.to_string()))?;
    let Some(format) = reader.format() else {
        return Err(said!("text-image-not-an-image"));
    };
    let name = format!("{format:?}").to_lowercase();
    let does_not_decode =
        |error: String| said!("text-image-does-not-decode", format = name.clone(), error = error);
    if format == image::ImageFormat::Png {
        let (width, height) = png_rows(path).map_err(|err| does_not_decode(err.to_string()))?;
        return Ok(ImageInfo { format: name, width, height });
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE);
    reader.limits(limits);
    let image = reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => {
            said!("text-image-too-large-to-check", format = name.clone(), mib = MAX_DECODE >> 20)
        }
        err => does_not_decode(err.to_string()),
    })?;
    Ok(ImageInfo { format: name, width: image.width(), height: image.height() })
}

/// Reads a PNG to its end, one row at a time: its width and height, or the decoder's error.
fn png_rows(path: &Path) -> Result<(u32, u32), png::DecodingError> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut reader = png::Decoder::new(file).read_info()?;
    let (width, height) = (reader.info().width, reader.info().height);
    while reader.next_row()?.is_some() {}
    reader.finish()?;
    Ok((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
    }

    #[test]
    fn the_committed_fixtures_are_recognised() {
        let png = inspect(&fixtures().join("gradient.png")).unwrap();
        assert_eq!(png, ImageInfo { format: "png".into(), width: 32, height: 24 });
        let jpeg = inspect(&fixtures().join("grey.jpg")).unwrap();
        assert_eq!(jpeg, ImageInfo { format: "jpeg".into(), width: 48, height: 32 });
    }

    #[test]
    fn arbitrary_bytes_are_not_an_image() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), b"hello, this is text and not a picture").unwrap();
        assert_eq!(
            inspect(file.path()).unwrap_err().english,
            "not a known image format (PNG, JPEG, GIF, WebP, BMP)"
        );
    }

    /// The PNG signature and a plausible IHDR, then junk: a header reader saw "png 1819877473x544239207".
    #[test]
    fn a_png_signature_followed_by_junk_does_not_decode() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), b"\x89PNG\r\n\x1a\nlots of junk that is not a chunk at all").unwrap();
        let reason = inspect(file.path()).unwrap_err().english;
        assert!(reason.starts_with("a png header, but the image does not decode"), "{reason}");
        let truncated = std::fs::read(fixtures().join("gradient.png")).unwrap();
        std::fs::write(file.path(), &truncated[..truncated.len() / 2]).unwrap();
        assert!(inspect(file.path()).unwrap_err().english.contains("does not decode"));
    }
}
