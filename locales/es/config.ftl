# Errores en labs.toml (harness/config/).

config-text-unknown-lang = '{ $code }' no es un idioma que socklab tenga (disponibles: { $available })
config-text-missing-lang = no hay texto en '{ $lang }' (tiene: { $has }); agregue { $lang } = "…", o fallback-lang = "en" al principio del archivo
config-text-missing-lang-and-fallback = no hay texto ni en '{ $lang }' ni en el idioma de respaldo (fallback-lang) '{ $fallback }' (tiene: { $has })
