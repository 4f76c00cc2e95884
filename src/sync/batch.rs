//! A batch of reviews as one device publishes them in one sync: the reviews
//! it logged since its last sync, and the reviews it marked undone. A batch
//! is written once and never changed, so a device document keeps reviews as
//! a grow-only set of batches (see `document`), and a batch can be packed
//! tightly: the card ids once each, times as differences, the grade and
//! flags in one byte, and a review's unique id as a small number when it is
//! the publishing device's own (`<device>:<n>`).
//!
//! Layout (format 1; integers are LEB128, signed ones zig-zag first):
//! ```text
//! format=1, device id, card-id count, card ids...,
//! review count, then one column per field across the reviews:
//!   card index | time delta (ms) | flags (grade, undone, typed, id kind,
//!   has a day) | elapsed ms | id (own: delta of n; legacy: rank; other:
//!   text) | study day (for the reviews flagged so: its difference from the
//!   UTC day of the time) | typed answers (for the reviews flagged typed),
//! undo count, undone review ids (text)
//! ```
//! Decoding checks every length against the bytes left, so a damaged batch
//! is an error, never a panic or a huge allocation.

use compact_str::CompactString;

use crate::store::SyncReview;

/// The batch layout this build writes and reads.
pub const BATCH_FORMAT: u8 = 1;

/// The reviews and undos of one batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub reviews: Vec<SyncReview>,
    /// Uids of reviews marked undone since the last sync.
    pub undone: Vec<String>,
}

/// Why a batch could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("the batch ends early")]
    Truncated,
    #[error(
        "the batch is written in format {0}, newer than this studyguide knows ({BATCH_FORMAT})"
    )]
    Newer(u8),
    #[error("the batch holds an invalid value ({0})")]
    Invalid(&'static str),
}

const GRADE_BITS: u8 = 0b0000_0111;
const UNDONE: u8 = 0b0000_1000;
const TYPED: u8 = 0b0001_0000;
const KIND_SHIFT: u8 = 5;
const KIND_BITS: u8 = 0b11;
const HAS_DAY: u8 = 0b1000_0000;
const MS_PER_DAY: i64 = 86_400_000;
const OWN: u8 = 0;
const LEGACY: u8 = 1;
const OTHER: u8 = 2;

/// The uid a review logged before reviews had ids gets (see
/// `store::schema::migrate_v7_sync`): `~<ms>:<card>`, `#<rank>` from the
/// second one at the same millisecond on.
pub fn legacy_uid(at_ms: i64, card_id: &str, rank: u64) -> String {
    if rank > 1 {
        format!("~{at_ms}:{card_id}#{rank}")
    } else {
        format!("~{at_ms}:{card_id}")
    }
}

/// How a uid is written: the publishing device's own number, a legacy
/// rank, or the text itself.
enum UidForm {
    Own(i64),
    Legacy(u64),
    Other,
}

fn uid_form(device: &str, review: &SyncReview) -> UidForm {
    if let Some(n) = review
        .uid
        .strip_prefix(device)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|n| n.parse::<i64>().ok())
        // written back as it reads (no leading zero, no sign): inline, no allocation
        .filter(|n| compact_str::format_compact!("{device}:{n}") == review.uid)
    {
        return UidForm::Own(n);
    }
    let prefix = legacy_uid(review.at_ms, &review.card_id, 1);
    if let Some(rest) = review.uid.strip_prefix(prefix.as_str()) {
        if rest.is_empty() {
            return UidForm::Legacy(1);
        }
        if let Some(rank) = rest
            .strip_prefix('#')
            .and_then(|n| n.parse::<u64>().ok())
            .filter(|&rank| legacy_uid(review.at_ms, &review.card_id, rank) == review.uid)
        {
            return UidForm::Legacy(rank);
        }
    }
    UidForm::Other
}

/// Packs `batch`, published by `device`.
pub fn encode(device: &str, batch: &Batch) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + batch.reviews.len() * 12);
    out.push(BATCH_FORMAT);
    put_str(&mut out, device);
    let card_index = put_card_table(&mut out, &batch.reviews);
    put_u64(&mut out, batch.reviews.len() as u64);
    for i in &card_index {
        put_u64(&mut out, *i);
    }
    put_review_columns(&mut out, device, &batch.reviews);
    put_u64(&mut out, batch.undone.len() as u64);
    for uid in &batch.undone {
        put_str(&mut out, uid);
    }
    out
}

/// Writes each card id once, in the order first met; returns each
/// review's index into that list.
fn put_card_table(out: &mut Vec<u8>, reviews: &[SyncReview]) -> Vec<u64> {
    let mut cards: Vec<&str> = Vec::new();
    let mut index: rustc_hash::FxHashMap<&str, u64> = rustc_hash::FxHashMap::default();
    let card_index = reviews
        .iter()
        .map(|r| {
            *index.entry(r.card_id.as_str()).or_insert_with(|| {
                cards.push(r.card_id.as_str());
                cards.len() as u64 - 1
            })
        })
        .collect();
    put_u64(out, cards.len() as u64);
    for card in &cards {
        put_str(out, card);
    }
    card_index
}

/// Writes the reviews' fields after their card indices, one column each:
/// times, flags, elapsed, ids, study days, typed answers.
fn put_review_columns(out: &mut Vec<u8>, device: &str, reviews: &[SyncReview]) {
    let mut previous = 0i64;
    for r in reviews {
        put_i64(out, r.at_ms.wrapping_sub(previous));
        previous = r.at_ms;
    }
    let forms: Vec<UidForm> = reviews.iter().map(|r| uid_form(device, r)).collect();
    for (r, form) in reviews.iter().zip(&forms) {
        out.push(flags_of(r, form));
    }
    for r in reviews {
        put_i64(out, r.elapsed_ms);
    }
    let mut previous_own = 0i64;
    for (r, form) in reviews.iter().zip(&forms) {
        match form {
            UidForm::Own(n) => {
                put_i64(out, n.wrapping_sub(previous_own));
                previous_own = *n;
            }
            UidForm::Legacy(rank) => put_u64(out, *rank),
            UidForm::Other => put_str(out, &r.uid),
        }
    }
    for r in reviews {
        if let Some(day) = r.day {
            put_i64(out, day.wrapping_sub(r.at_ms.div_euclid(MS_PER_DAY)));
        }
    }
    for r in reviews {
        if let Some(typed) = &r.typed_answer {
            put_str(out, typed);
        }
    }
}

/// A review's flags byte: its grade, undone, typed, id kind and whether it
/// has a study day.
fn flags_of(r: &SyncReview, form: &UidForm) -> u8 {
    let kind = match form {
        UidForm::Own(_) => OWN,
        UidForm::Legacy(_) => LEGACY,
        UidForm::Other => OTHER,
    };
    let mut flags = (r.grade & GRADE_BITS) | (kind << KIND_SHIFT);
    if r.undone {
        flags |= UNDONE;
    }
    if r.typed_answer.is_some() {
        flags |= TYPED;
    }
    if r.day.is_some() {
        flags |= HAS_DAY;
    }
    flags
}

/// Reads a batch written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Batch, BatchError> {
    let mut r = Reader { bytes, at: 0 };
    let format = r.byte()?;
    if format > BATCH_FORMAT {
        return Err(BatchError::Newer(format));
    }
    if format != BATCH_FORMAT {
        return Err(BatchError::Invalid("format"));
    }
    let device = r.str()?;
    let cards = r.strings()?;
    // every review takes at least four bytes (card, time, flags, elapsed)
    let n = r.count(4)?;
    let columns = Columns::read(&mut r, &device, &cards, n)?;
    let reviews = columns.into_reviews(&mut r)?;
    let undone = r.strings()?;
    if r.at != bytes.len() {
        return Err(BatchError::Invalid("bytes after the end"));
    }
    Ok(Batch { reviews, undone })
}

/// The columns of a batch's `n` reviews, up to their typed answers (which
/// [`Columns::into_reviews`] reads).
struct Columns<'c> {
    cards: Vec<&'c String>,
    times: Vec<i64>,
    flags: Vec<u8>,
    elapsed: Vec<i64>,
    uids: Vec<CompactString>,
    days: Vec<Option<i64>>,
}

impl<'c> Columns<'c> {
    fn read(
        r: &mut Reader<'_>,
        device: &str,
        cards: &'c [String],
        n: usize,
    ) -> Result<Columns<'c>, BatchError> {
        let mut card_ids = Vec::with_capacity(n);
        for _ in 0..n {
            let i = usize::try_from(r.u64()?).map_err(|_| BatchError::Invalid("card index"))?;
            card_ids.push(cards.get(i).ok_or(BatchError::Invalid("card index"))?);
        }
        let mut times = Vec::with_capacity(n);
        let mut previous = 0i64;
        for _ in 0..n {
            previous = previous.wrapping_add(r.i64()?);
            times.push(previous);
        }
        let flags = r.take(n)?.to_vec();
        let mut elapsed = Vec::with_capacity(n);
        for _ in 0..n {
            elapsed.push(r.i64()?);
        }
        let mut columns = Columns {
            cards: card_ids,
            times,
            flags,
            elapsed,
            uids: Vec::with_capacity(n),
            days: Vec::with_capacity(n),
        };
        columns.read_uids(r, device)?;
        columns.read_days(r)?;
        Ok(columns)
    }

    fn read_uids(&mut self, r: &mut Reader<'_>, device: &str) -> Result<(), BatchError> {
        let mut previous_own = 0i64;
        for ((flag, card), at_ms) in self.flags.iter().zip(&self.cards).zip(&self.times) {
            let uid = match (flag >> KIND_SHIFT) & KIND_BITS {
                OWN => {
                    previous_own = previous_own.wrapping_add(r.i64()?);
                    compact_str::format_compact!("{device}:{previous_own}")
                }
                LEGACY => CompactString::from(legacy_uid(*at_ms, card, r.u64()?)),
                OTHER => CompactString::from(r.str()?),
                _ => return Err(BatchError::Invalid("id kind")),
            };
            self.uids.push(uid);
        }
        Ok(())
    }

    fn read_days(&mut self, r: &mut Reader<'_>) -> Result<(), BatchError> {
        for (flag, at_ms) in self.flags.iter().zip(&self.times) {
            self.days.push(if flag & HAS_DAY != 0 {
                Some(at_ms.div_euclid(MS_PER_DAY).wrapping_add(r.i64()?))
            } else {
                None
            });
        }
        Ok(())
    }

    /// The reviews, their typed answers read from `r`.
    fn into_reviews(self, r: &mut Reader<'_>) -> Result<Vec<SyncReview>, BatchError> {
        let mut reviews = Vec::with_capacity(self.flags.len());
        let rows = self
            .flags
            .into_iter()
            .zip(self.cards)
            .zip(self.times)
            .zip(self.elapsed)
            .zip(self.uids)
            .zip(self.days);
        for (((((flag, card), at_ms), elapsed_ms), uid), day) in rows {
            let grade = flag & GRADE_BITS;
            if !(1..=4).contains(&grade) {
                return Err(BatchError::Invalid("grade"));
            }
            let typed_answer = if flag & TYPED != 0 {
                Some(r.str()?)
            } else {
                None
            };
            reviews.push(SyncReview {
                uid,
                card_id: CompactString::from(card.as_str()),
                at_ms,
                grade,
                elapsed_ms,
                typed_answer,
                undone: flag & UNDONE != 0,
                day,
            });
        }
        Ok(reviews)
    }
}

fn put_u64(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn put_i64(out: &mut Vec<u8>, value: i64) {
    put_u64(out, ((value << 1) ^ (value >> 63)) as u64);
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_u64(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// Reads a batch front to back; every read checks the bytes left.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], BatchError> {
        let end = self.at.checked_add(n).ok_or(BatchError::Truncated)?;
        let taken = self.bytes.get(self.at..end).ok_or(BatchError::Truncated)?;
        self.at = end;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, BatchError> {
        Ok(self.take(1)?[0])
    }

    fn u64(&mut self) -> Result<u64, BatchError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f)
                .checked_shl(shift)
                .ok_or(BatchError::Invalid("number"))?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(BatchError::Invalid("number"))
    }

    fn i64(&mut self) -> Result<i64, BatchError> {
        let raw = self.u64()?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    /// A count of items of at least `min_bytes` each: never more than the
    /// bytes left could hold.
    fn count(&mut self, min_bytes: usize) -> Result<usize, BatchError> {
        let n = usize::try_from(self.u64()?).map_err(|_| BatchError::Truncated)?;
        let left = self.bytes.len() - self.at;
        if n.saturating_mul(min_bytes) > left {
            return Err(BatchError::Truncated);
        }
        Ok(n)
    }

    fn str(&mut self) -> Result<String, BatchError> {
        let n = self.count(1)?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| BatchError::Invalid("text"))
    }

    /// A count, then that many texts.
    fn strings(&mut self) -> Result<Vec<String>, BatchError> {
        let n = self.count(1)?;
        (0..n).map(|_| self.str()).collect()
    }
}

#[cfg(test)]
mod tests;
