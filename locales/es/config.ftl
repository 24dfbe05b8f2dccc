# Errores en labs.toml (harness/config/).

config-text-unknown-lang = '{ $code }' no es un idioma que socklab tenga (disponibles: { $available })
config-text-missing-lang = no hay texto en '{ $lang }' (tiene: { $has }); agregue { $lang } = "…", o fallback-lang = "en" al principio del archivo
config-text-missing-lang-and-fallback = no hay texto ni en '{ $lang }' ni en el idioma de respaldo (fallback-lang) '{ $fallback }' (tiene: { $has })

## Labs, procesos y verificaciones (harness/config/validate.rs).
config-nothing = nada
config-lab-name-taken = otro lab tiene este nombre
config-var-no-value = {"{"}var:{ $name }{"}"} no tiene valor: agréguelo a [vars] (tiene: { $has })
config-event-no-process = {"{"}event:{ $process }:...{"}"} no nombra ningún proceso de este lab
config-lab-name-word = el nombre de un lab es una sola palabra sin '/'
config-lab-no-process = un lab necesita al menos un [[lab.process]]
config-process-name-taken = otro proceso de este lab tiene este nombre
config-param-in-lab = {"{"}param:{ $name }{"}"} es solo para experimentos ([[experiment]])
config-host-name-invalid = { $name } no es un nombre de letras, dígitos, - y _
config-host-name-taken = otro host de este lab tiene este nombre
config-too-many-hosts = como máximo { $max } hosts por lab
config-no-host = el lab no tiene ningún [[lab.host]] llamado { $name }
config-host-placeholder-no-host = {"{"}host:{ $host }{"}"}: el lab no tiene ningún [[lab.host]] llamado { $name }
config-command-empty = el comando necesita al menos un programa
config-student-command-empty = el comando del estudiante necesita al menos un programa
config-student-needs-socket-ready = un rol con comando de estudiante necesita esperar a un socket (ready = {"{"} udp = "ADDR" {"}"} o {"{"} tcp = "ADDR" {"}"}): los programas de los estudiantes imprimen lo que quieren
config-freeze-itself = un proceso no puede congelarse a sí mismo
config-stdin-step-empty = un paso de stdin necesita `line`, `wait-for` o ambos
config-waits-for-itself = el proceso '{ $process }' se espera a sí mismo (a través de after-ready/after-exit)
config-check-no-condition = una verificación necesita una condición: { $conditions }
config-live-and-after = `running` y `listening` se evalúan mientras los procesos corren; las demás condiciones, después de que terminaron: póngalas en verificaciones separadas
config-only-if-first = no hay ninguna verificación llamada '{ $name }' antes de esta en el lab (only-if nombra una verificación anterior)
config-only-if-unknown = no hay ninguna verificación llamada '{ $name }' antes de esta en el lab (only-if nombra una verificación anterior: { $earlier })
config-only-true-opposite = `{ $field }` solo puede ser true (para lo contrario, use `exit` o `leaves-nothing-running`)
config-only-true = `{ $field }` solo puede ser true
config-needs-file = `{ $field }` va con `file`
config-holds-with-digest = `holds` se refiere a una carpeta: no lleva `sha256` ni `same-as`
config-sha256-and-same-as = use `sha256` o `same-as`, no ambos
config-sha256-digits = se esperan 64 dígitos hexadecimales
config-needs-process = `{ $field }` necesita `process = "NAME"`
config-listening-form = se espera "udp ADDR" o "tcp ADDR"
config-submission-only-in-student = {"{"}submission{"}"} solo existe al calificar: úselo en el comando `student` de un proceso
config-fixed-port-not-a-port = { $name } = { $text } da '{ $rendered }', que no es un puerto (1-65535)
config-fixed-port-not-a-placeholder = '{ $name }' no es un marcador de puerto (escriba port = 3500 o "port:NAME" = 3501)
config-fixed-port-zero = un puerto fijo no puede ser 0
config-no-process = no hay ningún proceso llamado '{ $name }' en este lab (tiene: { $has })
config-invalid-regex = expresión regular no válida
config-bad-regex = expresión regular incorrecta { $pattern }: { $reason }
config-unknown-packet-kind = tipo de paquete desconocido { $kind } (conocidos: { $known })
config-packet-counts = indique solo uno de count, at-least, at-most, largest-at-most y largest-at-least
config-packet-largest = largest-at-most y largest-at-least son para kind = "data-segment" (y este necesita uno de ellos)
config-packet-endpoint = { $text } no es IP:PUERTO, IP ni :PUERTO

## El archivo completo, los conjuntos de labs, --set (harness/config/mod.rs, sets.rs).
config-none = ninguno
config-cannot-read = no se puede leer el archivo de labs: { $reason }
config-cannot-read-not-found = no se puede leer el archivo de labs: { $reason }; se buscó en { $looked }: socklab lee labs.toml en la carpeta actual, así que ejecútelo desde la raíz del repositorio o indique el archivo con --labs FILE
config-no-lab-set = --lab-set { $name }: no hay ningún [[lab-set]] llamado '{ $name }' (tiene: { $has })
config-no-variable = no hay ninguna variable '{ $name }' en [vars] (tiene: { $has })
config-lab-set-name-taken = otro conjunto de labs tiene este nombre
config-lab-set-empty = un conjunto de labs necesita al menos un lab
config-lab-set-no-lab = no hay ningún lab llamado '{ $name }' en este archivo
# Lo que serde y toml dicen en inglés, dicho en otro idioma (nunca se muestra en inglés: el inglés
# conserva sus propias palabras).
config-serde-unknown-key = clave desconocida `{ $key }`, se espera una de { $expected }
config-serde-unknown-key-none = clave desconocida `{ $key }`: esta tabla no lleva claves
config-serde-missing-key = falta la clave `{ $key }`
config-serde-duplicate-key = la clave `{ $key }` aparece dos veces
config-serde-unknown-value = valor desconocido `{ $value }`, se espera uno de { $expected }
config-serde-invalid-type = tipo incorrecto: { $found }, se espera { $expected }
config-serde-invalid-value = valor no válido: { $found }, se espera { $expected }

## Experimentos (harness/config/experiments.rs).
config-experiment-name-taken = otro experimento tiene este nombre
config-experiment-name-word = el nombre de un experimento es una sola palabra sin '/'
config-parameter-no-values = un parámetro necesita valores
config-quick-values-empty = quick-values está vacío
config-parameter-name-taken = otro parámetro tiene este nombre
config-experiment-process-name-taken = otro proceso de este experimento tiene este nombre
config-experiment-no-process = un experimento necesita [[experiment.process]]
config-experiment-host = los hosts son para labs ([[lab.host]]), no para experimentos
config-param-unknown = {"{"}param:{ $name }{"}"} no nombra ningún parámetro (este experimento tiene: { $has })
config-metric-name-taken = '{ $name }' ya es un parámetro, un dato de la máquina o una métrica
config-metric-expr-and-event = una métrica tiene `expr` o `process`/`event`/`field`, no ambos
config-expr-unknown-name = '{ $name }' no es un parámetro, un dato de la máquina ni una métrica definida más arriba (conocidos: { $known })
config-metric-no-source = una métrica necesita `expr`, o `process` y `event` (y normalmente `field`)
config-metric-no-process = no hay ningún proceso llamado '{ $name }' (tiene: { $has })
config-aggregate-unknown = se espera first, last, sum, count, min o max
config-aggregate-needs-field = esta agregación necesita el `field` que debe leer
config-condition-form = se espera un valor, o límites {"{"} below, at-most, above, at-least {"}"} = NÚMERO
config-relation-unknown = se espera equals, at-least o at-most
config-plot-not-a-parameter = '{ $name }' no es un parámetro (parámetros: { $has })
config-no-metric = no hay ninguna métrica llamada '{ $name }' (métricas: { $has })
# Lo que debe ser el valor de una clave, en un error de "tipo incorrecto" (harness/config/schema.rs).
config-expect-exit = un código de salida 0-255 o uno de "success", "failure", "killed"
config-expect-names = un nombre de proceso o una lista de nombres de procesos
