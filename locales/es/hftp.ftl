# hftp: el servidor y el cliente del Home-made File Transfer Protocol.

hftp-about = El Home-made File Transfer Protocol (semilla 002): un servidor de archivos con códigos de error, y su cliente
hftp-after-help =
    Ejemplos:
      hftp server --dir testdata
      hftp client ls
      hftp client get big.bin --out copia.bin
      hftp client raw 'qui\nt\n'

    El protocolo se describe en docs/PROTOCOL.md.
hftp-cmd-server = Publica los archivos de una carpeta
hftp-cmd-client = Lista, consulta y descarga archivos, o envía pedidos tal cual
hftp-server-after-help =
    Ejemplos:
      hftp server --dir testdata
      hftp server --dir testdata --bind 127.0.0.1:0 --mode poll --json
hftp-arg-dir = La carpeta cuyos archivos se publican (el `-d` del curso)
hftp-arg-bind = Dirección en la que escuchar; el puerto 0 elige un puerto libre (la primera línea lo muestra)
hftp-arg-mode = serial: un cliente a la vez; threads: un hilo por cliente; poll: todos los clientes desde un solo hilo
hftp-arg-max-line = Línea de pedido más larga; una más larga recibe 101 y se cierra la conexión (las pruebas del curso envían un nombre de archivo de 5 MiB y esperan 202)
hftp-arg-max-clients = Clientes atendidos a la vez (threads, poll); los que sobran se cierran en el acto
hftp-arg-idle-timeout = Cerrar un cliente que no envía nada (o no lee nada) durante este tiempo
hftp-arg-raw-slices = Aceptar también `get_slice NAME OFFSET SIZE raw`: los bytes tal cual en lugar de base64
hftp-arg-help-command = Aceptar también `help`: la lista de comandos
hftp-arg-json = Un objeto JSON por línea en lugar de la salida para personas
hftp-mode-serial = Un cliente a la vez: los demás esperan en la cola de listen()
hftp-mode-threads = Un hilo por cliente
hftp-mode-poll = Un solo hilo, sockets no bloqueantes y poll()
hftp-client-after-help =
    Ejemplos:
      hftp client ls
      hftp client --to 127.0.0.1:19500 get foto.jpg --out /tmp/foto.jpg
      hftp client raw 'get_metadata nada\r\n' 'qui\nt\n' --json
      hftp client        (escriba pedidos; las respuestas se muestran a medida que llegan)
hftp-arg-to = Dirección del servidor
hftp-arg-timeout = Desistir cuando conectarse o esperar una respuesta tarda más que esto
hftp-cmd-ls = Los archivos que publica el servidor (get_file_listing)
hftp-cmd-stat = El tamaño de un archivo en bytes (get_metadata)
hftp-cmd-get = Descarga un archivo entero porción por porción, verifica su tamaño y lo guarda de forma atómica
hftp-arg-out = Dónde guardarlo (por omisión: con su nombre, en la carpeta actual)
hftp-arg-slice-size = Bytes por get_slice
hftp-arg-hold-reads = Después de cada get_slice, no leer nada hasta que no lleguen más bytes durante este tiempo (p. ej. 300ms): así se ve un servidor cuyo único send() envió solo parte de una respuesta grande
hftp-cmd-raw = Envía cada TEXT tal cual (escapes: \r \n \t \\ \xNN) e informa el estado de cada respuesta
hftp-arg-long-line = Luego enviar `get_metadata ` y esta cantidad de `x`, y después \r\n: un pedido muy largo
hftp-arg-split = Enviar un byte a la vez, cada uno cuando el servidor ya leyó el anterior
hftp-arg-linger = Después de las respuestas, mantener la conexión abierta durante este tiempo (un cliente que se queda)
hftp-raw-needs-text = raw necesita al menos un TEXT (o --long-line)

# Cliente
hftp-cannot-connect = no se puede conectar a { $addr }
hftp-cannot-send = no se puede enviar
hftp-cannot-receive = no se puede recibir: { $error }
hftp-cannot-read-input = no se puede leer la entrada
hftp-no-reply-timeout = no hubo respuesta dentro del tiempo de espera
hftp-reply-cut = la respuesta se cortó en medio de una línea, sin su \r\n ({ $cause })
hftp-reply-too-long = una línea de la respuesta tiene más de { $max } bytes
hftp-reply-bare-newline = una línea de la respuesta termina en \n sin \r: { $line }
hftp-reply-closed-inside = el servidor cerró la conexión en medio de una línea de la respuesta
hftp-not-status-line = no es una línea de estado: { $line }
hftp-server-answered = { $command }: el servidor respondió { $code } { $message }
hftp-server-closed-no-reply = { $command }: el servidor cerró la conexión sin responder
hftp-metadata = { $name }: { $size } bytes
hftp-saved = { $name }: { $size } bytes guardados en { $path }
hftp-listing-closed = get_file_listing: el servidor cerró la conexión antes de la línea vacía
hftp-metadata-no-size = get_metadata: no llegó el tamaño después de 0 OK
hftp-metadata-bad-size = get_metadata: { $text } no es un tamaño en bytes
hftp-out-is-folder = { $path } es una carpeta: indique en --out la ruta del archivo a escribir
hftp-cannot-write-in = no se puede escribir en { $dir }
hftp-slice-no-data = get_slice: no llegaron datos después de 0 OK
hftp-slice-not-base64 = get_slice: los datos no están en base64: { $error }
hftp-slice-wrong-size = get_slice { $name } { $offset } { $count }: llegaron { $got } bytes en lugar de { $count }
hftp-cannot-save = no se puede guardar { $path }
hftp-closed-without-reply = el servidor cerró la conexión sin responder
hftp-closed-by-server = el servidor cerró la conexión
hftp-kept-open = el servidor mantuvo la conexión abierta
hftp-escape-not-hex = \x{ $hex } no es un byte en hexadecimal
hftp-escape-unknown = escape desconocido \{ $escape }

# Servidor
hftp-cannot-serve = no se puede servir { $dir }: { $error }
hftp-cannot-install-signals = no se pueden instalar los manejadores de señales
hftp-cannot-bind = no se puede hacer bind en tcp { $addr }
hftp-poll-failed = falló poll()
hftp-running = Servidor de archivos en { $addr } ({ $mode }), sirviendo { $dir }
hftp-stopped = detenido: { $connections } conexiones, { $requests } pedidos, { $refused } rechazados
hftp-refused = rechazado { $peer }: ya se atienden { $max } clientes (--max-clients)
hftp-connected = Conectado por: { $peer }
hftp-internal-error = { $peer }: error interno: { $why }
hftp-fatal = { $peer }: { $why }: { $status }, se cierra la conexión
hftp-request = Pedido: { $line } -> { $status }
hftp-closed = { $peer } cerrada ({ $reason }): { $requests } pedidos, { $refused } rechazados
hftp-closed-dropped = { $peer } cerrada ({ $reason }): { $requests } pedidos, { $refused } rechazados, se descartaron { $held } bytes de un pedido incompleto
hftp-why-bad-eol = un \n fuera de un fin de línea \r\n
hftp-why-too-long = un pedido de más de { $max } bytes (--max-line)
hftp-why-not-ascii = el pedido no es texto ASCII
