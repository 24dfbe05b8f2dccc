# Las convenciones de línea de comandos que comparten todos los programas (harness/cli.rs, harness/i18n.rs).

cli-lang-unknown = idioma desconocido '{ $given }' (disponibles: { $available })
cli-arg-lang = Idioma de lo que escribe el programa: { $available } (por omisión: según LC_ALL, LC_MESSAGES o LANG; si no, inglés)
cli-arg-help = Muestra la ayuda
cli-arg-version = Muestra la versión
cli-heading-usage = Uso:
cli-heading-commands = Comandos
cli-heading-arguments = Argumentos
cli-heading-options = Opciones
cli-see-help = (ver --help)
cli-error-unknown-argument = argumento inesperado '{ $argument }'
cli-error-unknown-subcommand = subcomando desconocido '{ $subcommand }'
cli-error-invalid-value = valor '{ $value }' no válido para '{ $argument }' (valores posibles: { $valid })
cli-error-value-validation = valor '{ $value }' no válido para '{ $argument }': { $cause }
cli-error-missing-argument = faltan argumentos obligatorios: { $argument }
cli-error-missing-subcommand = hace falta un subcomando
cli-error-conflict = el argumento '{ $argument }' no se puede usar junto con '{ $other }'
cli-error-other = { $message }
