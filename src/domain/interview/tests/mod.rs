//! Unit tests of the interview domain, one file per part.

mod parse;

use super::*;

pub const CHAPTER: &str = include_str!("../../../../content/chapter-17.toml");
pub const PRACTICE: &str = include_str!("../../../../content/chapter-17-practice.toml");
