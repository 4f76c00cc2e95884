//! Drafts in the device document: each device's text typed and not yet
//! submitted, under `dr/<device>/<box key>` (`null` once it is gone),
//! written only by that device. They travel so that no machine's unfinished
//! text lives on one disk only, and `sync --status` counts them; a sync
//! never puts another device's drafts into this device's boxes.

use std::collections::BTreeMap;

use automerge::ScalarValue;
use serde::{Deserialize, Serialize};

use super::DeviceDoc;
use crate::domain::drafts::Draft;

/// A draft as the document keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct KeptDraft {
    text: String,
    base: Option<String>,
    saved_ms: i64,
}

impl KeptDraft {
    fn of(draft: &Draft) -> KeptDraft {
        KeptDraft {
            text: draft.text.clone(),
            base: draft.base.clone(),
            saved_ms: draft.saved.timestamp_millis(),
        }
    }
}

impl DeviceDoc {
    /// `device`'s drafts as the document has them: box key to JSON.
    fn kept_drafts(&self, device: &str) -> BTreeMap<String, String> {
        let prefix = format!("dr/{device}/");
        self.keys_with(&prefix, None)
            .into_iter()
            .filter_map(|key| {
                let value = self.values(&key, None).pop()?.0;
                let json = value.as_str()?.to_string();
                Some((key.strip_prefix(&prefix)?.to_string(), json))
            })
            .collect()
    }

    /// Makes `device`'s drafts in the document what `drafts` are; returns
    /// how many changed.
    pub fn put_drafts(&mut self, device: &str, drafts: &[Draft]) -> Result<usize, String> {
        let kept = self.kept_drafts(device);
        let mut changed = 0;
        for draft in drafts {
            let json = serde_json::to_string(&KeptDraft::of(draft)).map_err(|e| e.to_string())?;
            if kept.get(&draft.key) != Some(&json) {
                self.put(format!("dr/{device}/{}", draft.key), json.as_str())?;
                changed += 1;
            }
        }
        for key in kept.keys() {
            if !drafts.iter().any(|d| &d.key == key) {
                self.put(format!("dr/{device}/{key}"), ScalarValue::Null)?;
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// How many drafts each device has kept.
    pub fn draft_counts(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for key in self.keys_with("dr/", None) {
            let kept = self
                .values(&key, None)
                .pop()
                .is_some_and(|(v, _)| v.as_str().is_some());
            if let Some((device, _)) = key.strip_prefix("dr/").and_then(|k| k.split_once('/'))
                && kept
            {
                *out.entry(device.to_string()).or_default() += 1;
            }
        }
        out
    }
}
