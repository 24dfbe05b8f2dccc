# El ejecutor de procesos: cómo terminó un proceso, por qué no se pudo ejecutar un laboratorio, y los
# errores del aislamiento, la captura, los marcadores y los programas que inicia socklab.

run-not-started = no iniciado
run-still-running = todavía en ejecución
run-status-and-left = { $status }, y dejó { $left }
run-left-behind = { $what } (socklab los detuvo): ejecute el programa en primer plano
run-exit = código de salida { $code }
run-exit-stopped = código de salida { $code } (detenido por socklab)
run-killed = terminado por { $signal }
run-killed-stopped = terminado por { $signal } (detenido por socklab)
run-background-running = procesos en segundo plano{ $commands } en ejecución
run-background-serving = procesos en segundo plano{ $commands } que atienden { $serving }
run-ready-address-invalid = proceso { $process }: la dirección de disponibilidad '{ $addr }' no es IP:PUERTO
run-interrupted = interrumpido
run-lab-timeout = el laboratorio no terminó en { $limit }
run-not-frozen = { $name } no se pudo congelar (SIGSTOP) en { $limit }
run-before-ready = antes de estar listo
run-within = en { $limit }
run-not-exited-within = { $name } no terminó en { $limit }
run-waited-for-ended = { $name } espera a que { $other } esté listo, pero este terminó antes
run-cannot-start = no se puede iniciar { $name } ({ $program }): { $error }
run-ended-before-line = { $name } terminó ({ $status }) antes de imprimir una línea que coincida con /{ $pattern }/ en { $stream }
run-never-line = { $name } nunca imprimió una línea que coincida con /{ $pattern }/ en { $stream } { $when }
run-ended-before-listening = { $name } terminó ({ $status }) antes de escuchar en { $proto } { $addr }
run-never-listened = { $name } nunca escuchó en { $proto } { $addr } { $when }
run-ended-before-ready = { $name } terminó ({ $status }) antes de estar listo
run-never-ready = { $name } nunca estuvo listo { $when }
run-nothing = nada
run-survived-sigkill = el grupo de procesos { $group } sobrevivió a SIGKILL
run-stdin-waited-in-vain = el paso { $step } de la entrada estándar de { $process } esperó en vano a que { $other } imprimiera una línea que coincida con /{ $pattern }/
run-stdin-cannot-send = paso { $step } de la entrada estándar de { $process }: no se puede enviar { $line }: { $error }
run-no-free-port = no se encontró ningún puerto libre en 127.0.0.1

# Marcadores de labs.toml (harness/template.rs).
run-repeat-usage = { $placeholder } no tiene la forma { $usage }, p. ej. { $example }
run-repeat-too-long = { $placeholder } genera más de { $most } bytes, lo máximo que admite un argumento
run-lone-closing-brace = una { $brace } suelta (escriba { $literal } para una llave literal)
run-unclosed-brace = una { $open } sin su { $close } (escriba { $literal } para una llave literal)
run-event-usage = { $placeholder } no tiene la forma { $usage }
run-unknown-placeholder = marcador desconocido { $placeholder } (conocidos: { $known })
run-no-value = no hay valor para { $placeholder }
run-only-when-grading = { $placeholder } solo se conoce al corregir
run-no-such-host = el laboratorio no tiene el host { $name }
run-no-event-field = { $process } no imprimió ningún evento `{ $event }` con un campo `{ $field }`
run-param-outside-experiment = { $placeholder } fuera de un experimento
run-bad-file-pattern = patrón de archivo no válido { $pattern }: { $error }
run-several-files-match = varios archivos coinciden con { $pattern }: { $files }; llame { $name } al que se debe corregir
run-or = o
run-no-entry-file = no hay { $wanted } en la entrega (contiene: { $held })
run-no-entry-file-below = no hay { $wanted } en la entrega (contiene: { $held }; { $found } está en { $folder }: ponga los archivos en el nivel superior de la entrega)
