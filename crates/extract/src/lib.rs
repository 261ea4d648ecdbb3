//! Extraction: a read [`Document`](xxgk_read::Document) → a [`Report`](xxgk_model::Report).
