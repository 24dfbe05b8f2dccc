//! What an image is, read from its header with the `imagesize` crate: format and dimensions.
//!
//! Only the first bytes are read (imagesize stops once it has the size), so this costs the same for a
//! 1 KiB icon and a 200 MiB photo. A payload imagesize does not recognise is "not an image".

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// The format and size of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// Lower-case format name: `png`, `jpeg`, `gif`, `webp`...
    pub format: String,
    pub width: usize,
    pub height: usize,
}

/// Reads the header of the file at `path`; `None` when it is not a format imagesize knows.
pub fn image_info(path: &Path) -> Option<ImageInfo> {
    let mut reader = BufReader::new(File::open(path).ok()?);
    let kind = imagesize::reader_type(&mut reader).ok()?;
    let mut reader = BufReader::new(File::open(path).ok()?);
    let size = imagesize::reader_size(&mut reader).ok()?;
    Some(ImageInfo { format: format!("{kind:?}").to_lowercase(), width: size.width, height: size.height })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_fixtures_are_recognised() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let png = image_info(&fixtures.join("gradient.png")).unwrap();
        assert_eq!(png, ImageInfo { format: "png".into(), width: 32, height: 24 });
        let jpeg = image_info(&fixtures.join("grey.jpg")).unwrap();
        assert_eq!(jpeg, ImageInfo { format: "jpeg".into(), width: 48, height: 32 });
    }

    #[test]
    fn arbitrary_bytes_are_not_an_image() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), b"hello, this is text and not a picture").unwrap();
        assert_eq!(image_info(file.path()), None);
    }
}
