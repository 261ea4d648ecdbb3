//! The progress bar of the long commands (`check`, `ingest`, `reindex`).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use xxgk_model::Lang;

/// A progress bar on stderr over `total` inputs; indicatif draws nothing when
/// stderr is not a terminal, so pipes and logs stay clean.
pub(crate) fn progress_bar(total: u64, lang: Lang) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let template = match lang {
        Lang::Zh => "{bar:40} {pos}/{len} {per_sec} 剩余 {eta}",
        Lang::En => "{bar:40} {pos}/{len} {per_sec} {eta} left",
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
