//! Telling UTF-16 text from UTF-8: what Windows tools and some editors save,
//! with a byte order mark or without one. Content files and the config file
//! must be UTF-8; read as UTF-8, UTF-16 is a stream of letters and zero
//! bytes that fails with a message about the wrong thing, so the readers ask
//! here first and say what the file is.

/// The byte order of UTF-16 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf16 {
    LittleEndian,
    BigEndian,
}

impl Utf16 {
    pub fn name(self) -> &'static str {
        match self {
            Utf16::LittleEndian => "UTF-16 (little-endian)",
            Utf16::BigEndian => "UTF-16 (big-endian)",
        }
    }
}

/// Whether `bytes` are UTF-16 text: a byte order mark, or (without one)
/// most of the odd or even bytes of the first 4 KiB zero and hardly any of
/// the others, as plain text in UTF-16 is.
pub fn utf16(bytes: &[u8]) -> Option<Utf16> {
    if bytes.starts_with(&[0xff, 0xfe]) {
        return Some(Utf16::LittleEndian);
    }
    if bytes.starts_with(&[0xfe, 0xff]) {
        return Some(Utf16::BigEndian);
    }
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |skip: usize| {
        sample
            .iter()
            .skip(skip)
            .step_by(2)
            .take(pairs)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 10 >= pairs * 6;
    let hardly = |n: usize| n * 20 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(Utf16::LittleEndian)
    } else if mostly(even) && hardly(odd) {
        Some(Utf16::BigEndian)
    } else {
        None
    }
}

/// The message for a file that is UTF-16 where UTF-8 is wanted.
pub fn utf16_message(kind: Utf16, what: &str) -> String {
    format!(
        "the file is {} text; {what} must be UTF-8: save it as UTF-8 (in most editors: \
         Save As, encoding UTF-8)",
        kind.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, little: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_is_told_with_and_without_a_byte_order_mark() {
        let text = "id = \"ch5\"\nnumber = 5\ntitle = \"Five – déjà\"\n";
        assert_eq!(utf16(&encode(text, true)), Some(Utf16::LittleEndian));
        assert_eq!(utf16(&encode(text, false)), Some(Utf16::BigEndian));
        let mut bom = vec![0xff, 0xfe];
        bom.extend(encode("x", true));
        assert_eq!(utf16(&bom), Some(Utf16::LittleEndian));
        assert_eq!(utf16(text.as_bytes()), None, "UTF-8");
        assert_eq!(utf16("日本語のテキスト".as_bytes()), None);
        assert_eq!(utf16(b""), None);
        assert_eq!(utf16(&[0, 0, 0, 0, 0, 0]), None, "zeros on both sides");
    }
}
