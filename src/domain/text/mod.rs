//! Plain text as the terminal shows it: its display width in columns
//! ([`width`]) and word wrapping with byte ranges ([`wrap`]), both by
//! grapheme cluster. The text editor measures and wraps with these, and so
//! should every other wrapper: one measure, so the cursor sits where the
//! text is drawn.

pub mod width;
pub mod wrap;
