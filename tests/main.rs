//! socklab's integration tests: the real programs, on loopback, with port 0.
//!
//! The programs print in the language of the locale; the tests compare English text, so the
//! locale variables are removed before any test starts (a test that wants Spanish sets `--lang es`
//! or `LANG` on the command it runs).

/// Runs before `main`, while the process has one thread, so changing the environment is sound.
#[ctor::ctor(unsafe)]
fn english_whatever_the_locale() {
    for name in ["SOCKLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        // SAFETY: no other thread exists yet (this runs from .init_array, before main).
        unsafe { std::env::remove_var(name) };
    }
}

mod capture;
mod catalogues;
mod framed_json;
mod grade;
mod gradescope_bundle;
mod harness;
mod hftp;
mod isolation;
mod lan;
mod programs;
mod readme;
mod support;
mod sweep;
mod tcp_echo;
mod text_image;
mod udp_chat;
mod web_client;
