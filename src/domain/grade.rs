//! The four answer buttons (Again, Hard, Good, Easy) and their stored
//! numbers: what the scheduler grades with and the mock interview's
//! self-rating gives. A leaf: it uses nothing else of the crate. Pure.

/// An answer button.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    /// All grades, worst first.
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    /// The grade stored as `v` (1..=4), if valid.
    pub fn from_u8(v: u8) -> Option<Grade> {
        match v {
            1 => Some(Grade::Again),
            2 => Some(Grade::Hard),
            3 => Some(Grade::Good),
            4 => Some(Grade::Easy),
            _ => None,
        }
    }

    /// The stored number, 1..=4.
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}
