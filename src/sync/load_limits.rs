//! What reading one device file may cost, checked before automerge sees
//! its bytes: a file in the sync folder may be damaged or hostile, and
//! automerge inflates compressed columns and expands run-length runs
//! without a bound of its own (a megabyte of deflated zeros inflates to a
//! gigabyte; a run of a few bytes can stand for billions of rows).
//!
//! Three caps ([`LIMITS`]), each far above what studyguide writes (20,000
//! reviews on each of two devices make a device file of 251 KB):
//! - on the file as it is on disk (its size is looked at before it is
//!   read, and no more than that is read);
//! - on its chunks and columns once inflated (they are inflated here
//!   through a counter that stops at the cap, so the check itself holds no
//!   more than the cap);
//! - on the rows (operations, changes) any one column describes, counted
//!   from its run lengths without expanding them.
//!
//! The file's layout is automerge's binary format (chunks of a magic
//! number, checksum, type and length; a document chunk's columns listed
//! with their type, whether they are deflated and their length). Only what
//! studyguide writes is taken: document chunks and change chunks, plain or
//! compressed; bundles are refused. Whether the bytes are a valid document
//! is left to automerge: this only measures.

use std::io::Read;

/// The caps on reading one device file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read, in bytes.
    pub file_bytes: u64,
    /// The most its chunks and columns may hold once inflated, in bytes.
    pub decoded_bytes: u64,
    /// The most rows one column may describe.
    pub column_rows: u64,
}

/// The caps a sync reads device files with.
pub const LIMITS: Limits = Limits {
    file_bytes: 16 * 1024 * 1024,
    decoded_bytes: 64 * 1024 * 1024,
    column_rows: 2_000_000,
};

/// Why a file is not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("it is {} MB, over the limit of {} MB for a device file", mb(*size), mb(*limit))]
    FileTooBig { size: u64, limit: u64 },
    #[error(
        "it would inflate to over {} MB, the limit for a device file (a damaged or hostile file)",
        mb(*limit)
    )]
    InflatesTooFar { limit: u64 },
    #[error(
        "a column of it describes over {limit} rows, the limit for a device file (a damaged or hostile file)"
    )]
    TooManyRows { limit: u64 },
    /// The layout could not be followed (automerge would refuse it too).
    #[error("{0}")]
    Damaged(&'static str),
}

fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

/// Reads the file at `path`, refusing one over the file cap of [`LIMITS`]
/// (by its size first, and by what is read, should it grow meanwhile).
pub fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let limit = LIMITS.file_bytes;
    let too_big = |size| std::io::Error::other(Refused::FileTooBig { size, limit });
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether a read error of [`read_file`] is its refusal of a file over
/// the cap (not a failure to read).
pub fn is_refusal(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.downcast_ref::<Refused>().is_some())
}

/// The heads of a file that is one document chunk (what automerge's
/// `save` writes), read from its header; `None` for any other file.
pub fn document_heads(bytes: &[u8]) -> Option<Vec<automerge::ChangeHash>> {
    let mut input = Input::new(bytes);
    let chunk = input.chunk().ok()?;
    if chunk.kind != DOCUMENT || !input.is_empty() {
        return None;
    }
    let mut data = Input::new(chunk.data);
    data.skip_items(|i| i.prefixed()).ok()?; // actors
    let heads = data.count().ok()?;
    (0..heads)
        .map(|_| {
            let hash = data.take(32).ok()?;
            automerge::ChangeHash::try_from(hash).ok()
        })
        .collect()
}

/// Checks that `bytes` stay within [`LIMITS`] once decoded.
pub fn check(bytes: &[u8]) -> Result<(), Refused> {
    check_within(bytes, &LIMITS)
}

/// Checks that `bytes` stay within `limits` once decoded.
pub fn check_within(bytes: &[u8], limits: &Limits) -> Result<(), Refused> {
    if bytes.len() as u64 > limits.file_bytes {
        return Err(Refused::FileTooBig {
            size: bytes.len() as u64,
            limit: limits.file_bytes,
        });
    }
    let mut budget = Budget {
        left: limits.decoded_bytes,
        limits: *limits,
    };
    let mut input = Input::new(bytes);
    while !input.is_empty() {
        let chunk = input.chunk()?;
        match chunk.kind {
            DOCUMENT => document_chunk(chunk.data, &mut budget)?,
            CHANGE => {
                budget.spend(chunk.data.len() as u64)?;
                change_chunk(chunk.data, &budget)?;
            }
            COMPRESSED => {
                let inflated = budget.inflate(chunk.data)?;
                change_chunk(&inflated, &budget)?;
            }
            BUNDLE => {
                return Err(Refused::Damaged(
                    "it holds a bundle, which studyguide never writes",
                ));
            }
            _ => return Err(Refused::Damaged("it holds a chunk of an unknown kind")),
        }
    }
    Ok(())
}

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const DOCUMENT: u8 = 0;
const CHANGE: u8 = 1;
const COMPRESSED: u8 = 2;
const BUNDLE: u8 = 3;
/// The bit of a column's specification saying it is deflated.
const DEFLATE: u64 = 0b1000;
/// The bits of a column's specification giving its type.
const TYPE_BITS: u64 = 0b0111;
const BOOLEAN: u64 = 4;
const STRING: u64 = 5;
const RAW_VALUE: u64 = 7;
const DELTA: u64 = 3;

/// A document chunk: actors, heads, the change and operation columns'
/// specifications, then their data.
fn document_chunk(data: &[u8], budget: &mut Budget) -> Result<(), Refused> {
    let mut input = Input::new(data);
    input.skip_items(|i| i.prefixed())?; // actors
    let heads = input.count()?;
    input.take(heads.saturating_mul(32))?;
    let changes = input.columns()?;
    let ops = input.columns()?;
    budget.spend(data.len() as u64)?;
    for column in changes.iter().chain(&ops) {
        let bytes = input.take(column.len)?;
        if column.spec & DEFLATE != 0 {
            let inflated = budget.inflate(bytes)?;
            budget.count_rows(column.spec, &inflated)?;
        } else {
            budget.count_rows(column.spec, bytes)?;
        }
    }
    Ok(())
}

/// A change chunk (inflated, when it came compressed): its header, then
/// its operation columns, never deflated themselves.
fn change_chunk(data: &[u8], budget: &Budget) -> Result<(), Refused> {
    let mut input = Input::new(data);
    let deps = input.count()?;
    input.take(deps.saturating_mul(32))?;
    input.prefixed()?; // actor
    input.uleb()?; // seq
    input.uleb()?; // start op
    input.sleb()?; // time
    input.prefixed()?; // message
    input.skip_items(|i| i.prefixed())?; // other actors
    for column in input.columns()? {
        let bytes = input.take(column.len)?;
        budget.count_rows(column.spec, bytes)?;
    }
    Ok(())
}

/// What inflating may still produce, and the caps.
struct Budget {
    left: u64,
    limits: Limits,
}

impl Budget {
    /// Counts the rows a column describes from its runs, refusing a column of
    /// more rows than the limit.
    fn count_rows(&self, spec: u64, bytes: &[u8]) -> Result<(), Refused> {
        let mut input = Input::new(bytes);
        let mut rows = 0u64;
        let kind = spec & TYPE_BITS;
        while !input.is_empty() {
            let run = match kind {
                RAW_VALUE => return Ok(()),
                BOOLEAN => input.uleb()?,
                _ => {
                    let count = input.sleb()?;
                    if count > 0 {
                        input.value(kind)?;
                        count.unsigned_abs()
                    } else if count < 0 {
                        let n = count.unsigned_abs();
                        // a literal run holds its values: its bytes bound it
                        for _ in 0..n.min(bytes.len() as u64 + 1) {
                            input.value(kind)?;
                        }
                        n
                    } else {
                        input.uleb()?
                    }
                }
            };
            rows = rows.saturating_add(run);
            if rows > self.limits.column_rows {
                return Err(Refused::TooManyRows {
                    limit: self.limits.column_rows,
                });
            }
        }
        Ok(())
    }

    fn spend(&mut self, bytes: u64) -> Result<(), Refused> {
        self.left = self
            .left
            .checked_sub(bytes)
            .ok_or(Refused::InflatesTooFar {
                limit: self.limits.decoded_bytes,
            })?;
        Ok(())
    }

    /// Inflates `bytes`, stopping at what is left.
    fn inflate(&mut self, bytes: &[u8]) -> Result<Vec<u8>, Refused> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(bytes)
            .take(self.left.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|_| Refused::Damaged("a compressed part of it cannot be inflated"))?;
        self.spend(out.len() as u64)?;
        Ok(out)
    }
}

/// A chunk: its type and data.
struct Chunk<'a> {
    kind: u8,
    data: &'a [u8],
}

/// A column's specification and length.
struct Column {
    spec: u64,
    len: u64,
}

/// Reads the format front to back; every read checks the bytes left.
struct Input<'a> {
    bytes: &'a [u8],
}

const ENDS_EARLY: Refused = Refused::Damaged("it ends early");

impl<'a> Input<'a> {
    fn new(bytes: &'a [u8]) -> Input<'a> {
        Input { bytes }
    }

    fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], Refused> {
        let n = usize::try_from(n).map_err(|_| ENDS_EARLY)?;
        if n > self.bytes.len() {
            return Err(ENDS_EARLY);
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    fn uleb(&mut self) -> Result<u64, Refused> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let [byte] = self.take(1)? else {
                return Err(ENDS_EARLY);
            };
            value |= u64::from(byte & 0x7f)
                .checked_shl(shift)
                .ok_or(Refused::Damaged("a number in it is too long"))?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Refused::Damaged("a number in it is too long"))
    }

    fn sleb(&mut self) -> Result<i64, Refused> {
        let mut value = 0i64;
        let mut shift = 0u32;
        loop {
            let [byte] = self.take(1)? else {
                return Err(ENDS_EARLY);
            };
            if shift >= 64 {
                return Err(Refused::Damaged("a number in it is too long"));
            }
            value |= i64::from(byte & 0x7f).wrapping_shl(shift);
            shift += 7;
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 {
                    value |= -1i64 << shift;
                }
                return Ok(value);
            }
        }
    }

    /// A count of items of at least one byte each.
    fn count(&mut self) -> Result<u64, Refused> {
        let n = self.uleb()?;
        if n > self.bytes.len() as u64 {
            return Err(ENDS_EARLY);
        }
        Ok(n)
    }

    /// A length, then that many bytes.
    fn prefixed(&mut self) -> Result<&'a [u8], Refused> {
        let n = self.uleb()?;
        self.take(n)
    }

    /// A count, then that many items read by `item`.
    fn skip_items(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<&'a [u8], Refused>,
    ) -> Result<(), Refused> {
        for _ in 0..self.count()? {
            item(self)?;
        }
        Ok(())
    }

    /// A column list: a count, then each column's specification and
    /// length.
    fn columns(&mut self) -> Result<Vec<Column>, Refused> {
        let n = self.count()?;
        let mut columns = Vec::new();
        for _ in 0..n {
            let spec = self.uleb()?;
            let len = self.uleb()?;
            columns.push(Column { spec, len });
        }
        Ok(columns)
    }

    /// One value of a run-length column of type `kind`.
    fn value(&mut self, kind: u64) -> Result<(), Refused> {
        match kind {
            STRING => self.prefixed().map(drop),
            DELTA => self.sleb().map(drop),
            _ => self.uleb().map(drop),
        }
    }

    /// A chunk's header, then its data.
    fn chunk(&mut self) -> Result<Chunk<'a>, Refused> {
        if self.take(4)? != MAGIC {
            return Err(Refused::Damaged("it is not an automerge file"));
        }
        self.take(4)?; // checksum
        let [kind] = self.take(1)? else {
            return Err(ENDS_EARLY);
        };
        let len = self.uleb()?;
        let data = self.take(len)?;
        Ok(Chunk { kind: *kind, data })
    }
}

#[cfg(test)]
mod tests;
