# tcp-echo: el servidor y el cliente de eco sobre TCP (guía §2).

tcp-echo-about = Servidor y cliente de eco TCP para el laboratorio de sockets (guía §2)
tcp-echo-after-help =
    Ejemplos:
      tcp-echo server --bind 127.0.0.1:3500 --mode threads
      tcp-echo client --to 127.0.0.1:3500 'Hola Mundo!'
      tcp-echo client --bytes 1G                       # eco masivo, verificado, con MiB/s
      tcp-echo server --mode serial --backlog 1 --accept-delay 5000
      tcp-echo client --clients 5 --connect-timeout 500   # ¿cuántos caben en la cola de listen()?
      tcp-echo server --transform upper                 # envíe QUIT para cerrar la conexión
tcp-echo-cmd-server = Devuelve lo que envía cada cliente hasta que este cierra su lado (o envía QUIT)
tcp-echo-cmd-client = Envía un mensaje, un patrón o un archivo, lee el eco y lo verifica

## Opciones
tcp-echo-arg-server-bind = Dirección en la que escuchar; el puerto 0 elige un puerto libre (la primera línea lo muestra)
tcp-echo-arg-server-backlog = Backlog de listen(), pasado tal cual (§2.5.1); Linux lo limita a net.core.somaxconn
tcp-echo-arg-server-accept-delay = Esperar este tiempo (milisegundos, o p. ej. 2s) cuando hay un cliente esperando, antes de cada accept()
tcp-echo-arg-server-recv-size = Bytes pedidos en cada llamada a recv() (§2.5.3; como máximo 16MiB)
tcp-echo-arg-server-send-size = Como máximo esta cantidad de bytes por llamada a send(); los envíos parciales se completan (§2.5.2; como máximo 16MiB)
tcp-echo-arg-server-send-once = Reproducción del error: un solo send() por eco, sin mirar cuánto tomó (el resto se pierde)
tcp-echo-arg-server-zero-copy = Eco con splice() a través de un pipe: los bytes nunca entran al programa (eco simple con --no-quit, --mode serial o threads)
tcp-echo-arg-server-collect = Retener el eco hasta que lleguen esta cantidad de bytes (un mensaje de longitud conocida, §2.5.2) y luego devolverlos sin cambios: un cliente no lee respuesta antes de que el servidor tenga su mensaje completo, así que lo que cuenta el servidor es lo que envió el cliente (como máximo 64MiB; --mode serial o threads)
tcp-echo-arg-server-hold-reads = Cuando llegan los primeros bytes de un cliente, no leer nada hasta que no llegue nada durante este tiempo (p. ej. 300ms): los envíos del cliente se detienen con la ventana llena, así que un send() que no bloquea devuelve solo parte de un mensaje grande (§2.5.2), sea cual sea la planificación (--mode serial o threads)
tcp-echo-arg-server-mode = serial: un cliente a la vez; threads: un hilo por cliente; poll: un solo hilo, poll()
tcp-echo-arg-server-transform = Qué devolver
tcp-echo-arg-server-no-quit = Tratar una línea `QUIT` como datos en lugar de cerrar la conexión (para datos binarios arbitrarios)
tcp-echo-arg-server-exit-on-quit = Detener el servidor (salida 0) cuando un cliente envía QUIT
tcp-echo-arg-server-max-clients = Atender como máximo N clientes a la vez (threads y poll); los demás esperan en la cola de listen()
tcp-echo-arg-json = Un objeto JSON por línea en lugar de la salida para personas
tcp-echo-arg-client-to = Dirección del servidor
tcp-echo-arg-client-message = Mensaje a enviar (por omisión: el de la guía, "Hola Mundo!")
tcp-echo-arg-client-bytes = Enviar esta cantidad de bytes de un patrón reconocible (p. ej. 100000, 64K, 1G; se genera a medida que se envía, como máximo 1TiB)
tcp-echo-arg-client-file = Enviar el contenido de este archivo
tcp-echo-arg-client-send-size = Como máximo esta cantidad de bytes por llamada a send() (como máximo 16MiB)
tcp-echo-arg-client-recv-size = Bytes pedidos en cada llamada a recv() (como máximo 16MiB)
tcp-echo-arg-client-send-once = Reproducción del error: toda la carga en un solo send(), sin mirar cuánto tomó
tcp-echo-arg-client-pause = Alternar turnos como una persona en un cliente interactivo: después de cada fragmento de --send-size, esperar su eco, luego este tiempo (p. ej. 5ms), y enviar el siguiente. Un servidor serial hace esperar a todos los demás
tcp-echo-arg-client-expect = Qué debe ser la respuesta: los bytes enviados (echo), en mayúsculas (upper), vocales como dígitos (vowels) o cualquier cosa (any)
tcp-echo-arg-client-clients = Abrir esta cantidad de conexiones a la vez e informar cada una (§2.5.1)
tcp-echo-arg-client-connect-timeout = Abandonar connect() después de este tiempo (milisegundos, o p. ej. 2s)
tcp-echo-arg-client-timeout = Abandonar cuando un envío o una recepción no avanza durante este tiempo (p. ej. 30s)
tcp-echo-arg-sndbuf = Pedir este SO_SNDBUF e informar lo que concedió el kernel (los sockets aceptados de un servidor lo heredan; como máximo 1GiB)
tcp-echo-arg-rcvbuf = Pedir este SO_RCVBUF e informar lo que concedió el kernel (los sockets aceptados de un servidor lo heredan; como máximo 1GiB)
tcp-echo-arg-mss = Pedir este TCP_MAXSEG, el segmento más grande, antes de connect() o listen() (88 a 65535, tcp(7)). En loopback (MTU 65536) los segmentos pequeños mantienen chico el búfer de envío del otro extremo, de modo que sus send() grandes toman solo parte de lo que reciben (§2.5.2)
tcp-echo-mode-serial = Un cliente a la vez, como el servidor de la guía
tcp-echo-mode-threads = Un hilo por cliente
tcp-echo-mode-poll = Un solo hilo, poll() sobre sockets no bloqueantes
tcp-echo-transform-echo = Devolver cada byte sin cambios (el eco de la guía)
tcp-echo-transform-upper = Letras ASCII en mayúsculas (el ServerDump de la semilla 000)
tcp-echo-transform-vowels = Reemplazar cada vocal ASCII por un dígito al azar (el ejercicio de la semilla 000)

## Opciones de socket y el socket que escucha
tcp-echo-cannot-set-sndbuf = no se puede establecer SO_SNDBUF
tcp-echo-cannot-set-rcvbuf = no se puede establecer SO_RCVBUF
tcp-echo-cannot-set-mss = no se puede establecer TCP_MAXSEG
tcp-echo-backlog-capped = el backlog { $requested } supera net.core.somaxconn = { $cap }: el kernel usa { $cap }
tcp-echo-cannot-create-socket = no se puede crear un socket TCP
tcp-echo-cannot-set-reuseaddr = no se puede establecer SO_REUSEADDR
tcp-echo-cannot-bind = no se puede enlazar tcp { $addr }
tcp-echo-cannot-listen = no se puede escuchar en tcp { $addr }
tcp-echo-cannot-make-nonblocking = no se puede hacer no bloqueante el socket que escucha
tcp-echo-no-ip-address = el socket enlazado no tiene dirección IP

## Servidor
tcp-echo-signal-handlers = no se pueden instalar los manejadores de señales
tcp-echo-zero-copy-transform = --zero-copy no puede aplicar --transform { $transform }: los bytes nunca entran al programa
# $option: --zero-copy, --collect o --hold-reads.
tcp-echo-not-poll = { $option } funciona con --mode serial o threads, no con poll
tcp-echo-connection = conexión desde { $peer }
tcp-echo-connection-error = conexión desde { $peer }: { $error }
tcp-echo-accept-failed = falló accept(): { $error }
tcp-echo-poll-failed = falló poll()
tcp-echo-splice-nothing = splice() no movió nada al socket
tcp-echo-held = { $peer }: leyendo después de un silencio, { $queued } bytes en cola
# $dropped es tcp-echo-closed-dropped o nada.
tcp-echo-closed = cerrada { $peer } ({ $reason }): { $bytes_in } bytes entrantes en { $recv_calls } llamadas a recv(), { $bytes_out } bytes salientes en { $send_calls } llamadas a send(), { $partial_sends } envíos parciales{ $dropped }
tcp-echo-closed-dropped = , { $dropped } bytes descartados por --send-once
tcp-echo-close-eof = fin de datos
tcp-echo-close-quit = QUIT
tcp-echo-close-error = error
tcp-echo-close-shutdown = detención
tcp-echo-stopping = deteniéndose ({ $reason }): { $connections } conexiones, { $bytes_in } bytes entrantes en { $recv_calls } llamadas a recv(), { $bytes_out } bytes salientes en { $send_calls } llamadas a send(), { $partial_sends } envíos parciales, { $quits } QUIT, { $errors } errores
tcp-echo-stop-signal = señal
tcp-echo-stop-quit = QUIT

## Cliente
tcp-echo-cannot-read = no se puede leer { $path }
tcp-echo-cannot-open = no se puede abrir { $path }
tcp-echo-connection-refused = conexión rechazada
tcp-echo-timed-out = se agotó el tiempo de espera
tcp-echo-sent-got = se enviaron { $sent } bytes, volvieron { $back }
tcp-echo-send-once-took = {" "}(--send-once: el único send() tomó solo { $took } de { $bytes } bytes)
# $counts es tcp-echo-sent-got (con tcp-echo-send-once-took); $expected: echo, upper, vowels o any.
tcp-echo-differs-echo = { $counts }: el eco difiere de lo enviado en el byte { $at } (se esperaba { $expected }; para un servidor que transforma, use --expect upper, vowels o any)
tcp-echo-differs = { $counts }: el eco difiere de lo enviado en el byte { $at } (se esperaba { $expected })
tcp-echo-cannot-share-socket = no se puede compartir el socket con el hilo que envía
tcp-echo-no-data = sin datos del servidor durante { $timeout } (volvieron { $back } bytes)
tcp-echo-receive-failed = falló la recepción después de { $back } bytes de vuelta: { $error }
tcp-echo-send-failed = falló el envío después de { $sent } bytes: { $error }
tcp-echo-reset = el servidor reinició la conexión después de { $back } bytes de vuelta
tcp-echo-refused-by = conexión rechazada por { $to } (¿está corriendo el servidor?)
tcp-echo-no-answer = sin respuesta de { $to } en { $timeout }
tcp-echo-cannot-connect = no se puede conectar a { $to }
# $dropped es tcp-echo-never-sent o nada; $verified es tcp-echo-verified o nada.
tcp-echo-echo = se enviaron { $bytes_out } bytes en { $send_calls } llamadas a send() ({ $partial_sends } parciales{ $dropped }), volvieron { $bytes_in } en { $recv_calls } llamadas a recv(){ $verified } en { $seconds }s, { $rate } MiB/s
tcp-echo-never-sent = , { $dropped } bytes nunca enviados (--send-once)
tcp-echo-verified = , eco verificado,

## Varios clientes (--clients)
tcp-echo-clients = { $count } clientes: { $first_try } conectados al primer intento, { $connected } en { $timeout }, { $echo_ok } recibieron su eco
tcp-echo-not-connected = no conectado
tcp-echo-not-connected-within = no conectado en { $timeout }
tcp-echo-not-connected-because = no conectado: { $reason }
tcp-echo-client-not-connected = cliente { $number }: { $problem }
tcp-echo-client-ok = cliente { $number }: conectado en { $ms }ms, eco correcto ({ $bytes } bytes)
tcp-echo-client-failed = cliente { $number }: conectado en { $ms }ms, falló el eco: { $problem }
