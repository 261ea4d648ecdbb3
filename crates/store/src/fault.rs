//! Named points where the crash tests stop a process, to kill it there.
//!
//! Built only with the `fault-injection` feature (the test build; a release
//! build has no such code): when the environment variable `XXGK_FAULT` names a
//! point, the process prints `xxgk-fault: NAME` on stderr on reaching it and
//! waits there forever, and the test kills it with SIGKILL — a `kill -9` at an
//! exact phase rather than at a random moment.

/// Stops here when `XXGK_FAULT` names this point (fault-injection builds only).
#[cfg(feature = "fault-injection")]
pub fn point(name: &str) {
    if std::env::var("XXGK_FAULT").is_ok_and(|wanted| wanted == name) {
        eprintln!("xxgk-fault: {name}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

/// Does nothing: this build has no fault injection.
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn point(_name: &str) {}
