//! A card's id as kept in memory, apart so that the content model and the
//! cards made from it can both name it without importing each other. Pure.

/// A card's id as kept in memory: held inline, without an allocation of
/// its own, up to 24 bytes (at 100,000 cards, the ids in the card list, the
/// card states and the review log are some 260,000 small allocations
/// otherwise). Reads as a `&str`; written and read by serde as a string.
pub type CardId = compact_str::CompactString;
