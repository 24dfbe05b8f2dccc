# Por qué falló una verificación: los motivos que lee el estudiante en un informe. Las pistas de
# labs.toml (`when`, `unless`) se comparan con el texto en inglés, no con este.

checks-so = { $cause }; por eso: { $reason }
checks-never-started = { $name } nunca se inició
checks-closed-port-not-reached = ningún datagrama UDP llegó al puerto cerrado: el cliente nunca envió uno
checks-udp-counters-unreadable = no se pueden leer los contadores UDP de /proc/net/snmp
checks-failed-in-thread = { $name } falló en un hilo (el programa siguió ejecutándose): { $last }
checks-crashed = { $name } terminó con un error: { $last }{ $hint }
checks-crashed-with-status = { $name } terminó con un error ({ $status }): { $last }{ $hint }
checks-crash-accept-not-listening = accept() sobre un socket que no está escuchando: llame a listen() después de bind()
checks-crash-python2 = ¿escrito para Python 2? el corrector ejecuta python3
checks-crash-no-module = la computadora de corrección no tiene el módulo { $module }: use solo la biblioteca estándar de Python
checks-crash-input-ended = leyó con input() y su entrada se terminó
checks-no-longer-serving = { $server } ya no atendía cuando { $client } lo intentó (conexión rechazada)
checks-signal-number = señal { $number }
checks-sigterm-then-exit = SIGTERM, y luego terminó con código { $code }
checks-socklab-stopped-it = socklab lo detuvo ({ $how })
checks-socklab-stopped-it-after = socklab lo detuvo ({ $how }) a los { $seconds } s
checks-while-waiting-on-input = mientras esperaba en input() una línea que nadie escribió
checks-and-it-left = , y dejó { $what }
checks-not-running-at-end = { $name } ya no se estaba ejecutando al final ({ $status })
checks-took-longer = { $name } tardó { $took } en terminar, más de { $limit }
checks-not-finished-within = { $name } no terminó por sí solo en { $limit }: { $stopped }
checks-not-finished-within-last-line = { $name } no terminó por sí solo en { $limit }: { $stopped }; su última línea en stderr: { $line }
checks-ended-before-stopped = { $name } terminó por sí solo ({ $status }) antes de que socklab lo detuviera
checks-killed-after-grace = { $name } no terminó dentro del período de gracia después de SIGTERM y fue terminado con SIGKILL
checks-printed-nothing = { $name } no imprimió nada propio, ni en stdout ni en stderr ({ $status })
checks-ended-with = { $name } terminó con { $status }
checks-capture-hit-cap = { $reason } (la captura alcanzó su límite: no se guardaron { $more } paquetes posteriores)
checks-packets-unreadable = no se pudieron leer los paquetes del laboratorio: { $reason }
checks-no-packets = el laboratorio no registró paquetes (su captura no se ejecutó)
checks-other-stream-said = { $reason } ({ $stream } decía: { $line })
checks-not-counted = no cuenta: sus propias condiciones se cumplieron, pero solo cuenta si se cumple "{ $other }", que falló: { $reason }
checks-not-ip-port = '{ $addr }' no es una dirección IP:PUERTO
checks-bound-to-every-address = { $name } hizo bind a { $bound } (todas las direcciones de la computadora) en lugar de { $addr }, como se pidió
checks-not-listening = { $name } no tiene ningún socket escuchando en { $proto } { $addr }
checks-not-listening-has = { $name } no tiene ningún socket escuchando en { $proto } { $addr } (tiene { $bound })
checks-did-not-exit = { $name } no terminó
checks-expected-exit = código de salida { $code }
checks-expected-success = éxito (código de salida 0)
checks-expected-failure = fracaso (un código de salida distinto de 0)
checks-expected-killed = terminado por una señal
checks-left-processes-behind = { $name } terminó con { $status }; un programa que deja procesos en segundo plano no ha terminado, así que su código de salida no cuenta
checks-did-not-end-by-itself = { $name } no terminó por sí solo (se esperaba { $wanted }): { $stopped }
checks-ended-with-expected = { $name } terminó con { $status }; se esperaba { $wanted }
checks-last-stderr-line = su última línea en stderr: { $line }
checks-printed-excluded = { $name } imprimió { $text } en { $stream }
checks-should-print = { $name } debería imprimir { $expected } en { $stream }, pero imprimió { $got }
checks-should-print-got-nothing = { $name } debería imprimir { $expected } en { $stream }, pero no imprimió nada
checks-lacks-text = { $stream } de { $name } no contiene { $wanted } (contenía { $shown })
checks-lacks-text-got-nothing = { $stream } de { $name } no contiene { $wanted } (estaba vacío)
checks-no-matching-line = { $stream } de { $name } no tiene ninguna línea que coincida con /{ $pattern }/ (contenía { $shown })
checks-no-matching-line-got-nothing = { $stream } de { $name } no tiene ninguna línea que coincida con /{ $pattern }/ (estaba vacío)
checks-event-field-differs = { $field } = { $got } (se esperaba { $wanted })
checks-event-field-missing = falta { $field } (se esperaba { $wanted })
checks-event-differs = el evento { $kind } de { $name } tiene { $differences }
checks-no-such-event = { $name } no imprimió ningún evento JSON con { $fields }
checks-cannot-read = no se puede leer { $path }: { $error }
checks-does-not-exist = { $path } no existe
checks-cannot-list = no se puede listar { $path }: { $error }
checks-nothing = nada
checks-folder-holds = { $path } contiene { $got }; se esperaba exactamente { $wanted }
checks-sha256-differs = { $path } tiene SHA-256 { $got }; se esperaba { $wanted }
checks-file-differs = { $path } es distinto de { $other }

# Un laboratorio en conjunto (harness/lab.rs).
checks-capture-packets = { $count ->
    [one] 1 paquete
   *[other] { $count } paquetes
}
checks-capture-over-cap = se alcanzó el límite: { $more } más sin guardar
checks-capture-dropped = { $count ->
    [one] 1 descartado por el kernel
   *[other] { $count } descartados por el kernel
}
checks-capture-kept = captura: { $path } ({ $notes })
checks-capture-not-kept = no se guardó: --capture DIR guarda el archivo
checks-capture-summary = captura: { $notes }
checks-line-cut = { $more } bytes más en esta línea, no se muestran
checks-skipped-records-packets = registra paquetes, lo que requiere un espacio de nombres de red propio: { $error }
checks-skipped-has-hosts = tiene hosts, lo que requiere un espacio de nombres de red propio: { $error }
checks-play-failed = socklab falló mientras ejecutaba este laboratorio
checks-cannot-capture = no se pueden registrar los paquetes del laboratorio: { $error }
checks-cannot-prepare = no se puede preparar el laboratorio: { $error }
checks-argument-bytes = { $count } bytes

# Condiciones sobre paquetes (harness/capture/condition.rs).
checks-packet-udp = { $count ->
    [one] datagrama UDP
   *[other] datagramas UDP
}
checks-packet-tcp = { $count ->
    [one] segmento TCP
   *[other] segmentos TCP
}
checks-packet-syn = { $count ->
    [one] SYN
   *[other] SYN
}
checks-packet-syn-retransmission = { $count ->
    [one] SYN retransmitido
   *[other] SYN retransmitidos
}
checks-packet-handshake = { $count ->
    [one] saludo de tres vías completo
   *[other] saludos de tres vías completos
}
checks-packet-close = { $count ->
    [one] conexión cerrada con FIN o RST
   *[other] conexiones cerradas con FIN o RST
}
checks-packet-fin = { $count ->
    [one] FIN
   *[other] FIN
}
checks-packet-rst = { $count ->
    [one] RST
   *[other] RST
}
checks-packet-port-unreachable = { $count ->
    [one] ICMP port unreachable
   *[other] ICMP port unreachable
}
checks-packet-data-segment = { $count ->
    [one] segmento TCP con datos
   *[other] segmentos TCP con datos
}
checks-packets-expected = se esperaba { $wanted }{ $route }; se vieron { $total }
checks-packets-exactly = { $count } { $noun }
checks-packets-at-least = al menos { $count } { $noun }
checks-packets-at-most = a lo sumo { $count } { $noun }
checks-largest-at-most = el segmento TCP más grande{ $route } llevaba { $largest } bytes de datos (se esperaba a lo sumo { $bound }), entre { $total } { $noun }
checks-largest-at-least = el segmento TCP más grande{ $route } llevaba { $largest } bytes de datos (se esperaba al menos { $bound }), entre { $total } { $noun }
checks-no-data-segment = no se vio ningún segmento TCP con datos{ $route }
checks-route-from = desde { $from }
checks-route-to = hacia { $to }
checks-endpoint-port = el puerto { $port }
checks-endpoint-anywhere = cualquier lugar
checks-endpoint-invalid = '{ $text }' no es IP:PUERTO, IP ni :PUERTO
