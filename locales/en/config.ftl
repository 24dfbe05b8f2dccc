# Mistakes in labs.toml (harness/config/).

config-text-unknown-lang = '{ $code }' is not a language socklab has (available: { $available })
config-text-missing-lang = no '{ $lang }' text (it has: { $has }); add { $lang } = "…", or fallback-lang = "en" at the top of the file
config-text-missing-lang-and-fallback = neither '{ $lang }' nor the fallback-lang '{ $fallback }' text (it has: { $has })
