//! The Fluent catalogues under `locales/` are compiled into every program (harness/i18n.rs); this
//! rebuilds them when a catalogue or a language folder is added, removed or changed.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
