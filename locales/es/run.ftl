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

# Los programas de socklab que ejecuta un laboratorio (harness/programs.rs).
run-no-executable = no se encuentra el ejecutable de socklab
run-programs-missing = no se encontró { $programs } junto a socklab en { $dir }: compile primero todos los programas con `{ $command }`
run-building-programs = nota: compilando los programas de laboratorio que ejecuta socklab ({ $programs }) con `{ $command }`
run-programs-not-built = `{ $command }` no compiló { $programs } en { $dir }
run-cannot-run = no se puede ejecutar { $program }
run-build-failed = `{ $command }` falló ({ $status }); sus errores están más arriba

# Hosts, aislamiento y captura.
run-cannot-enter-host = no se puede entrar en la red de un host: { $error }
run-cannot-leave-host = no se puede volver de la red de un host: { $error }
run-host-thread-failed = falló el hilo que creaba el espacio de nombres de un host
run-cannot-run-ip = no se puede ejecutar ip (iproute2), que necesitan los hosts del laboratorio: { $error }
run-ip-failed = ip { $args } falló: { $error }
run-cannot-lock = no se puede bloquear { $path }: { $error }
run-accounts-leased = las { $count } cuentas de corrección están ocupadas (vea { $dir })
run-no-network-namespace = no se puede crear un espacio de nombres de red ({ $error }); ejecute como root para aislar los laboratorios
run-path-with-nul = una ruta con un byte NUL
run-too-many-kept-folders = se pueden mantener visibles como máximo { $most } carpetas
run-no-pid-namespace = no se puede crear un espacio de nombres de PID ({ $error })
run-submission-too-large = la entrega contiene { $total } de archivos, más que el límite de corrección de { $limit } (su archivo más grande, { $largest }, ocupa { $size }); quite lo que el programa no necesita
run-capture-needs-root = --capture necesita root: cada laboratorio se registra en un espacio de nombres de red propio
run-cannot-keep-captures = no se pueden guardar capturas en { $dir }: { $error }
run-captures-not-a-folder = no se pueden guardar capturas en { $dir }: no es una carpeta
run-no-packet-socket = no se puede abrir un socket de paquetes ({ $error }); la captura necesita root
run-cannot-create = no se puede crear { $path }: { $error }
run-capture-thread-failed = falló el hilo de captura
run-offload-not-off = no se puede desactivar la segmentación por hardware (offload) en { $interface }: { $error }
run-cannot-open = no se puede abrir { $path }: { $error }
run-not-pcap = { $path } no es un archivo pcap: { $error }

# Lo que dicen los programas del laboratorio sobre sus sockets (harness/sockopt.rs, harness/accept.rs).
run-buffer-granted = { $option }: se pidieron { $asked } bytes, el kernel otorgó { $granted }
run-buffer-capped = limitado a { $sysctl } = { $max } y luego duplicado
run-buffer-doubled = Linux lo duplica: la mitad es para la contabilidad del kernel
run-buffer-minimum = el mínimo del kernel
run-accept-failing = accept falló: { $error }; se sigue atendiendo { $open ->
    [one] la conexión ya abierta
   *[other] las { $open } conexiones ya abiertas
}, y se reintenta cada vez con menos frecuencia (hasta una vez cada { $seconds } s) hasta que funcione
run-accept-recovered = accept() vuelve a funcionar, después de { $failures ->
    [one] 1 intento fallido
   *[other] { $failures } intentos fallidos
} en { $seconds } s
run-accept-failed = accept falló
