# socklab grade y socklab merge (harness/grade/): mensajes, motivos de la propia calificación, informes.

## Unir partes (harness/grade/results.rs)

grade-merge-interrupted = la parte { $part } se interrumpió (Ctrl-C), así que sus resultados están incompletos: vuelva a calificar esa parte
grade-merge-nothing = no hay nada que unir
grade-merge-different-labs = las partes calificaron laboratorios distintos ({ $first } frente a { $other })
grade-merge-submission-twice = la entrega '{ $submission }' aparece en más de una parte
grade-merge-different-languages = la parte { $part } se calificó en '{ $lang }' y la parte 1 en '{ $first }': sus motivos están en idiomas distintos; califique todas las partes con el mismo --lang
grade-merge-not-sharded = la parte { $part } no se calificó con --shard y las demás sí
grade-merge-shard-count = la parte { $part } es el fragmento { $index }/{ $count }, pero otra parte es un fragmento de { $expected }
grade-merge-shard-twice = el fragmento { $index }/{ $count } se dio dos veces
grade-merge-shards-missing = { $count ->
    [one] falta el fragmento { $shards }
   *[other] faltan los fragmentos { $shards }
}: los informes unidos dejarían fuera sus entregas (califíquelos o una todas las partes)

## Motivos y notas de la propia calificación (harness/grade/run.rs, overview.rs)

grade-no-reason = falló, sin motivo indicado
grade-isolation-namespaces = cada ejecución de laboratorio en espacios de nombres de red, PID y montaje propios (loopback privado, /tmp privado, solo su propia copia de la entrega a la vista), con una cuenta sin privilegios asignada para esa ejecución y límites de CPU, memoria, procesos y tamaño de archivo
grade-isolation-account-root = con una cuenta propia sin privilegios
grade-isolation-account-user = como el usuario que ejecutó socklab (podía leer y modificar los archivos de ese usuario)
grade-isolation-unisolated = SIN AISLAMIENTO (--unisolated): sin espacios de nombres, así que los laboratorios con puertos fijos se ejecutaron de a uno en el loopback de la computadora y el código del estudiante se ejecutó { $account }, con límites de CPU, memoria, procesos y tamaño de archivo, sobre una copia privada
grade-env-panic = socklab falló al calificar este laboratorio
grade-env-isolate = socklab no pudo aislar este laboratorio: { $error }
grade-env-port-taken = { $port } ya estaba ocupado por otro programa de esta computadora antes de empezar el laboratorio, así que el programa del estudiante no pudo usarlo; detenga ese programa y vuelva a calificar
grade-env-account = socklab no pudo obtener una cuenta para esta ejecución: { $error }
grade-env-copy = socklab no pudo copiar la entrega: { $error }
grade-env-skipped = este laboratorio no se puede ejecutar aquí: { $why }
grade-env-port-lost = otro programa de esta computadora tomó el puerto del laboratorio durante la ejecución ('Address already in use'); vuelva a calificar con el loopback de la computadora libre, o como root para que cada ejecución tenga el suyo
grade-env-not-installed = { $program } no está instalado en la computadora de calificación (se buscó en { $path }), así que la entrega no pudo ejecutarse
grade-file-not-found = { $file } no se encontró en la entrega
grade-interrupted-reason = sin juzgar: la calificación se interrumpió (Ctrl-C) antes de que terminara esta ejecución del laboratorio
grade-flaky-reason = aprobó { $passed } de { $total } ejecuciones; una ejecución fallida dijo: { $failure }

## La línea de comandos (harness/grade/cli.rs)

grade-arg-dir = Una carpeta con una subcarpeta por entrega (o, con --one, una sola entrega).
grade-arg-lab = Calificar solo este laboratorio (repítalo para más; por omisión: todo laboratorio con un comando de estudiante).
grade-arg-jobs = Ejecuciones de laboratorio al mismo tiempo (por omisión: 12 por CPU, menos si falta memoria).
grade-arg-repeat = Ejecutar cada laboratorio N veces; una comprobación cuyo veredicto cambia es inestable y no se puntúa.
grade-arg-shard = Calificar solo el K-ésimo de N fragmentos de las entregas (ordenadas por nombre), p. ej. 2/4.
grade-arg-one = SUBMISSIONS_DIR es en sí una entrega (la /autograder/submission de Gradescope).
grade-arg-unisolated = Ejecutar el código del estudiante sin espacios de nombres (necesario cuando socklab no es root o aquí no se permiten espacios de nombres): como usted salvo que sea root, con acceso para leer y modificar sus archivos, y los laboratorios de puerto fijo de a uno en el loopback de esta computadora.
grade-arg-max-submission-size = No copiar una entrega cuyos archivos sumen más que esto (p. ej. 64M, 1G).
grade-arg-parts = Resultados JSON de `socklab grade --json` (uno por fragmento).
grade-arg-csv = Escribir los puntos por entrega y laboratorio como CSV.
grade-arg-json = Escribir los resultados completos como JSON (lo que lee `socklab merge`).
grade-arg-junit = Escribir un caso de prueba por comprobación como XML JUnit.
grade-arg-gradescope = Escribir el results.json de Gradescope (exactamente una entrega).
grade-arg-html = Escribir un informe HTML autónomo: el panorama de la clase (histograma de puntajes, comprobaciones más falladas primero con sus motivos), la tabla de puntajes y las comprobaciones y la salida de cada entrega.
grade-arg-checks-csv = Escribir las comprobaciones del panorama de la clase como CSV, las más falladas primero: aprobadas, falladas, tasa de aprobación, el motivo más común y quién falló cada una.
grade-size-invalid = '{ $text }' no es un tamaño (se esperaba p. ej. 64M, 1G o 500000)
grade-size-over = '{ $text }' supera el límite de 1TiB
grade-shard-invalid = '{ $text }' no es K/N con 1 <= K <= N, p. ej. 1/4
grade-error = error: { $message }
grade-note-skipped = nota: sin calificar: { $folders }
grade-empty-shard = el fragmento { $index }/{ $count } no contiene ninguna entrega ({ $dir } tiene { $total }, menos que los { $count } fragmentos): no se calificó nada
grade-gradescope-not-one = error: --gradescope escribe los resultados de una entrega, pero se calificarían { $count } (use --one)
grade-no-isolation = error: aquí no se puede aislar el código del estudiante ({ $why }), así que se ejecutaría como usted, podría leer y borrar sus archivos (incluida la carpeta de la clase) y compartiría el loopback de esta computadora; ejecute socklab grade como root, o agregue --unisolated para calificar de todos modos
grade-no-isolation-root = no se pueden crear espacios de nombres: en un contenedor, permítalos (p. ej. --cap-add SYS_ADMIN)
grade-no-isolation-user = socklab no es root, así que no puede crear espacios de nombres ni cuentas
grade-unisolated-warning = aviso: --unisolated: sin espacios de nombres, así que el código del estudiante se ejecutará { $how } y los laboratorios con puertos fijos de a uno en el loopback de esta computadora
grade-unisolated-as-account = con una cuenta sin privilegios
grade-unisolated-as-you = como usted (puede leer y modificar sus archivos)
grade-signal-handlers = no se pueden instalar los manejadores de señales
grade-environment-errors = error: { $count ->
    [one] una ejecución de laboratorio no se pudo juzgar
   *[other] { $count } ejecuciones de laboratorio no se pudieron juzgar
} por culpa del entorno de calificación (vea 'error' más arriba); no se puntúan: corrija la causa y vuelva a calificar esas entregas
grade-cannot-read = no se puede leer { $path }
grade-cannot-write = no se puede escribir { $path }
grade-merge-not-results = error: { $path }: no es el JSON de `socklab grade --json`: { $error }
grade-no-such-lab = no hay ningún laboratorio llamado '{ $name }' en { $file } (vea `socklab list`)
grade-lab-not-gradable = el laboratorio '{ $name }' no tiene ningún proceso con un comando `student`: no puede calificar
grade-no-gradable-lab = ningún laboratorio de { $file } tiene un proceso con un comando `student`
grade-not-a-folder = { $dir } no es una carpeta
grade-default-name = entrega
grade-cannot-read-dir = no se puede leer { $dir }: { $error }
grade-skipped-link = { $name } (un enlace que no lleva a ninguna carpeta)
grade-skipped-macosx = { $name } (metadatos del zip de macOS)
grade-skipped-hidden = { $name } (oculta)
grade-skipped-not-utf8 = { $name } (su nombre no es UTF-8)
grade-no-subfolders = { $dir } no tiene subcarpetas que calificar (para una sola entrega, agregue --one)
grade-progress = calificando {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"} ejecuciones de laboratorio {"{"}elapsed{"}"}

## La tabla de la terminal y el panorama de la clase (harness/grade/report/terminal.rs)

grade-table-submission = entrega
grade-table-total = total
grade-table-average = promedio
grade-table-error = error
grade-table-interrupted = interrumpido
grade-table-flaky-note = ~ una comprobación de este laboratorio fue inestable (su veredicto cambió entre ejecuciones) y no se puntuó
grade-table-problem = problema { $submission } { $lab }: { $problem }
grade-table-environment-error = error { $submission } { $lab }: sin calificar, falló el entorno de calificación: { $error }
grade-table-count = { $count ->
    [one] 1 entrega
   *[other] { $count } entregas
}; { $isolation }
grade-table-partial = RESULTADOS PARCIALES: la calificación se interrumpió (Ctrl-C); las ejecuciones de laboratorio que no habían terminado aparecen como '{ $interrupted }' y no se puntúan
grade-overview-scores = puntajes (proporción del máximo):
grade-overview-all-passed = todas las entregas aprobaron todas las comprobaciones juzgadas
grade-overview-most-failed = comprobaciones más falladas (aprobadas de juzgadas):
grade-overview-passed-of = { $passed } de { $judged }
grade-overview-similar = (y { $count ->
    [one] 1 similar
   *[other] { $count } similares
})
grade-overview-more-checks = ({ $count ->
    [one] 1 comprobación más fallada por alguien
   *[other] { $count } comprobaciones más falladas por alguien
}: --html o --checks-csv las listan todas)

## El informe HTML (harness/grade/report/html/)

grade-html-title = calificaciones de socklab
grade-html-scores = Puntajes
grade-html-partial = RESULTADOS PARCIALES: la calificación se interrumpió (Ctrl-C).
grade-html-partial-detail = Las ejecuciones de laboratorio que no habían terminado aparecen como interrumpidas y no se puntúan; vuelva a calificar para obtener un informe completo.
grade-html-summary = { $submissions ->
    [one] 1 entrega
   *[other] { $submissions } entregas
}, { $labs ->
    [one] 1 laboratorio
   *[other] { $labs } laboratorios
}. Aislamiento: { $isolation }.
grade-html-problem = problema: { $problem }
grade-html-packets = paquetes
grade-html-verdict-passed = aprobada
grade-html-verdict-failed = FALLÓ
grade-html-verdict-flaky = inestable
grade-html-verdict-error = ERROR (entorno de calificación, no se puntúa)
grade-html-verdict-interrupted = INTERRUMPIDA (sin juzgar, no se puntúa)
grade-html-output = salida de { $process }:
grade-html-overview = Panorama de la clase
grade-html-histogram-label = histograma de puntajes
grade-html-histogram-caption = Puntaje total como proporción de su máximo: cuántas de las { $submissions } entregas hay en cada franja.
grade-html-histogram-caption-unscored = Puntaje total como proporción de su máximo: cuántas de las { $submissions } entregas hay en cada franja (se omiten { $unscored } sin nada juzgado).
grade-html-labs = Laboratorios, menor promedio primero
grade-html-labs-lab = laboratorio
grade-html-labs-average = promedio (proporción del máximo)
grade-html-labs-full-marks = puntaje completo
grade-html-checks = Comprobaciones, las más falladas primero
grade-html-checks-check = comprobación
grade-html-checks-passed = aprobadas
grade-html-checks-why = por qué fallaron
grade-html-no-failure = ningún fallo
grade-html-more-reasons = { $count } más, por { $reasons ->
    [one] otro motivo
   *[other] otros { $reasons } motivos
}
grade-html-who = quiénes
grade-html-flaky = { $count ->
    [one] 1 inestable
   *[other] { $count } inestables
}
grade-html-not-judged = { $count } sin juzgar

## XML JUnit y el results.json de Gradescope (harness/grade/report/junit.rs, gradescope.rs)

grade-junit-environment-error = error del entorno de calificación, no se puntúa: { $reason }
grade-junit-cannot-write = no se puede escribir el XML JUnit: { $error }
grade-gradescope-one = el results.json de Gradescope contiene una entrega, pero se calificaron { $count } (califique una carpeta con --one)
grade-gradescope-ok = correcto
grade-gradescope-environment = sin calificar: falló la computadora de calificación, no su código ({ $reason })
grade-gradescope-interrupted = sin calificar: la calificación se detuvo antes de juzgar esta comprobación; pida que se vuelva a calificar
grade-gradescope-summary = socklab calificó { $count ->
    [one] 1 laboratorio
   *[other] { $count } laboratorios
}; { $isolation }
grade-gradescope-not-complete = INCOMPLETO: la calificación se detuvo antes de juzgar todos los laboratorios; pida que se vuelva a calificar
grade-gradescope-not-graded = SIN CALIFICAR por culpa de la computadora de calificación (el puntaje está incompleto; pida que se vuelva a calificar): { $labs }
