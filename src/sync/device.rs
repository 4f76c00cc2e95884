//! This device's identity. The id lives in the store (`sync_state`), made
//! at random when the store is created; reviews logged here carry it in
//! their uid, and the device's file in the sync folder is named by it.
//!
//! A data directory copied to another machine (or moved to another path)
//! must not keep the id, or two devices would write one file and give two
//! different reviews one uid. So the store also keeps where its id belongs:
//! the machine (its `machine-id`, else its host name) and the data
//! directory's full path. When either differs, the device takes a new id
//! before anything is logged; reviews logged before the copy keep their
//! uids, so the two machines agree on them and nothing is counted twice.

use std::path::Path;

use crate::store::{Result, Store};

/// The `sync_state` key of where the device id belongs.
const HOME_KEY: &str = "device_home";

/// What a device id is tied to: this machine and this data directory.
pub fn home(data_dir: &Path) -> String {
    let dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    format!("{} {}", machine_id(), dir.display())
}

/// The machine's id (`/etc/machine-id`, the D-Bus one), else its host name.
fn machine_id() -> String {
    ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| text.trim().to_string())
        .find(|id| !id.is_empty())
        .unwrap_or_else(|| format!("host:{}", host_name()))
}

/// The host name, for `sync --status` (and the machine id where there is
/// no other).
pub fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .chain(
            ["HOSTNAME", "COMPUTERNAME"]
                .iter()
                .filter_map(|v| std::env::var(v).ok()),
        )
        .map(|text| text.trim().to_string())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// What [`ensure`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    /// The id belongs here.
    Same(String),
    /// The store came from elsewhere (or this is its first check): it has
    /// a new id now. `previous` is the id it had.
    Renewed { id: String, previous: String },
    /// The store had no recorded home yet (made before this check existed,
    /// or new): its id is kept and tied to here.
    Adopted(String),
}

impl Identity {
    pub fn id(&self) -> &str {
        match self {
            Identity::Same(id) | Identity::Adopted(id) | Identity::Renewed { id, .. } => id,
        }
    }
}

/// Makes sure the store's device id belongs to this machine and data
/// directory (see the module doc); a read-only store is left alone.
pub fn ensure(store: &Store, data_dir: &Path) -> Result<Identity> {
    let here = home(data_dir);
    let id = store.device_id()?;
    if store.is_read_only() {
        return Ok(Identity::Same(id));
    }
    match store.sync_value(HOME_KEY)? {
        Some(home) if home == here => Ok(Identity::Same(id)),
        Some(_) => {
            let new = store.renew_device_id(&[(HOME_KEY, &here)])?;
            Ok(Identity::Renewed {
                id: new,
                previous: id,
            })
        }
        None => {
            store.set_sync_values(&[(HOME_KEY, &here)])?;
            Ok(Identity::Adopted(id))
        }
    }
}
