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

## Valores dados en la línea de comandos (parse_socket_addr, parse_size, parse_duration, check_writable).
cli-addr-not-an-address = '{ $text }' no es una dirección (se espera IP:PUERTO o HOST:PUERTO, p. ej. 127.0.0.1:3500 o [::1]:3500)
cli-addr-no-address = '{ $text }' no corresponde a ninguna dirección (se espera IP:PUERTO o HOST:PUERTO, p. ej. 127.0.0.1:3500 o [::1]:3500)
cli-size-not-a-size = '{ $text }' no es un tamaño (se espera p. ej. 1200, 64K o 1MiB)
cli-size-unknown-unit = '{ $text }' tiene una unidad desconocida (use B, K, M, G o T)
cli-size-too-large = '{ $text }' es demasiado grande
cli-size-zero = el tamaño debe ser de al menos 1 byte
cli-size-under-minimum = '{ $text }' está por debajo del mínimo de { $minimum }
cli-size-over-limit = '{ $text }' supera el límite de { $limit }
cli-write-is-folder = no se puede escribir { $path }: es una carpeta
cli-write-no-folder = no se puede escribir { $path }: la carpeta { $folder } no existe
cli-write-not-writable = no se puede escribir { $path }: no hay permiso de escritura en { $folder } ({ $reason })
cli-duration-not-a-duration = '{ $text }' no es una duración (se espera p. ej. 2s o 250ms)
cli-duration-invalid = '{ $text }' no es una duración válida
cli-duration-zero = la duración debe ser mayor que 0
cli-warning = aviso:
