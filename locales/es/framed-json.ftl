# framed-json: mensajes JSON con prefijo de longitud sobre TCP, su servidor y su cliente.

framed-json-about = Mensajes JSON con prefijo de longitud sobre TCP: respuestas, pedidos con tipo y un buzón (semillas 001 y 000)
framed-json-after-help =
    Ejemplos:
      framed-json server --bind 127.0.0.1:5000 --store buzon.json
      framed-json client --to 127.0.0.1:5000 --send hola
      framed-json client --request '{"{"}"type": 1, "data": "AR"{"}"}'
      framed-json client --mailbox send ana "nos vemos a las 5" --from beto
      framed-json client --mailbox poll ana

    El formato en la red se describe en docs/PROTOCOL.md.
framed-json-cmd-server = Responder cada mensaje; atender los pedidos con tipo y el buzón
framed-json-cmd-client = Enviar mensajes y mostrar las respuestas (con --send/--request/--mailbox, o con líneas escritas)
framed-json-arg-chunk = Rellenar cada texto JSON con bytes NUL hasta un múltiplo de esta cantidad de bytes (1 a 65536)
framed-json-arg-byte-order = Orden de bytes del prefijo de 4 bytes
framed-json-arg-prefix = Qué cuenta el prefijo: los bytes del cuerpo, o sus bloques (el primer ejemplo de la semilla 001)
framed-json-arg-max-frame = Cuerpo más grande aceptado, verificado con el prefijo antes de leerlo (como máximo 64MiB)
framed-json-arg-lenient = Aceptar cuerpos cuya longitud no es múltiplo de --chunk
framed-json-max-frame-below-chunk = --max-frame { $max_frame } es menor que un bloque (--chunk { $chunk }): se rechazaría toda trama
framed-json-server-after-help =
    Ejemplos:
      framed-json server
      framed-json server --bind 127.0.0.1:0 --mode poll --store buzon.json --json
framed-json-arg-bind = Dirección en la que escuchar; el puerto 0 elige un puerto libre (la primera línea lo muestra)
framed-json-arg-mode = threads: un hilo por cliente (semilla 001); poll: todos los clientes desde un solo hilo
framed-json-arg-store = Guardar el buzón en este archivo JSON (de forma atómica después de cada cambio); solo en memoria si no se indica
framed-json-arg-max-stored = Máximo de mensajes que el buzón guarda a la vez; los demás se rechazan hasta que se retiren algunos
framed-json-arg-max-clients = Clientes atendidos a la vez; uno más recibe una respuesta de error y se cierra
framed-json-arg-idle-timeout = Cerrar un cliente que no envía nada durante este tiempo
framed-json-arg-quiet = Sin una línea por mensaje (las conexiones, los pedidos rechazados, los errores y los totales se siguen informando): para pruebas de carga
framed-json-arg-json = Un objeto JSON por línea en lugar de la salida para personas
framed-json-mode-threads = Un hilo por cliente, con lecturas bloqueantes de exactamente los bytes de la trama (semilla 001)
framed-json-mode-poll = Un solo hilo, sockets no bloqueantes y poll()
framed-json-client-after-help =
    Ejemplos:
      framed-json client --send hola --send chao
      framed-json client --request '{"{"}"type": 2, "data": [1, 2.5, 3]{"}"}'
      framed-json client --mailbox send ana hola --from beto
      framed-json client --send uno --send dos --cut-after 2 --json
      framed-json client            (escriba líneas; cada una se envía como un string JSON)
framed-json-arg-to = Dirección del servidor
framed-json-arg-send = Enviar este texto como un string JSON (se puede repetir; los mensajes van en el orden de la línea de comandos)
framed-json-arg-request = Enviar este valor JSON tal cual, p. ej. '{"{"}"type": 2, "data": [1, 2]{"}"}' (se puede repetir)
framed-json-arg-mailbox = Un pedido al buzón: `send TO TEXT` o `poll USER` (se puede repetir)
framed-json-arg-from = El remitente que se indica en los pedidos `--mailbox send`
framed-json-arg-pipeline = Escribir todas las tramas una tras otra en una sola escritura, y luego leer las respuestas
framed-json-arg-cut-after = Cortar el flujo de tramas después de este byte y enviar el resto cuando el servidor haya leído lo anterior (se puede repetir); p. ej. 2 parte el primer prefijo de longitud
framed-json-arg-clients = Abrir primero esta cantidad de conexiones y luego enviar todos los mensajes por cada una a la vez; `{"{"}client{"}"}` en un texto se reemplaza por el número de la conexión (1 a N)
framed-json-arg-count = Enviar los mensajes esta cantidad de veces por cada conexión y mostrar solo un resumen (una prueba de carga)
framed-json-arg-timeout = Desistir cuando conectarse, enviar o esperar una respuesta tarda más que esto
framed-json-arg-raw-json = Interactivo: cada línea escrita es JSON que se envía tal cual (en lugar de un string)
framed-json-arg-linger = Después de la última respuesta, mantener la conexión abierta durante este tiempo antes de cerrarla (un cliente que se queda mientras hay que atender a otros)
framed-json-not-json = no es JSON: { $error }
framed-json-mailbox-send-args = --mailbox send recibe un destinatario y un texto: --mailbox send TO TEXT
framed-json-mailbox-poll-args = --mailbox poll recibe un nombre de usuario: --mailbox poll USER
framed-json-mailbox-bad-action = --mailbox { $action }: la acción es send o poll
framed-json-mailbox-no-action = --mailbox necesita una acción: send o poll
framed-json-pipeline-needs-messages = --pipeline y --cut-after necesitan mensajes: indique --send, --request o --mailbox

# Cliente
framed-json-client-number = cliente { $number }
framed-json-thread-failed = falló un hilo de cliente
framed-json-clients-failed = fallaron { $failed } de { $clients } clientes; el primero: { $first }
framed-json-summary = { $requests ->
        [one] 1 pedido respondido
       *[other] { $requests } pedidos respondidos
    } en { $seconds }s: { $rate } por segundo
framed-json-cannot-connect = no se puede conectar a { $addr }
framed-json-refused-requests = el servidor rechazó { $refused } de { $requests } pedidos (vea el "error" de cada respuesta)
framed-json-cannot-send = no se puede enviar
framed-json-reply-failed = respuesta { $index }: { $why }
framed-json-piece-read = enviados los bytes { $from }..{ $to }; el servidor los leyó
framed-json-piece-unread = enviados los bytes { $from }..{ $to }; el servidor no los leyó dentro del tiempo de espera
framed-json-piece-unknown = enviados los bytes { $from }..{ $to }; desde aquí no se puede ver si el servidor los leyó
framed-json-closed-before-reply = el servidor cerró la conexión antes de responder
framed-json-closed-inside-reply = el servidor cerró la conexión después de { $got } bytes de la respuesta
framed-json-not-a-server = { $error } (sus primeros bytes dicen { $text }: ¿es un servidor framed-json, con el mismo --chunk y --byte-order?)
framed-json-no-reply-timeout = no hubo respuesta dentro del tiempo de espera
framed-json-cannot-receive = no se puede recibir: { $error }
framed-json-a-reply = una respuesta: { $why }
framed-json-cannot-read-input = no se puede leer la entrada
framed-json-line-not-utf8 = no enviada: la línea no es texto UTF-8
framed-json-line-not-json = no enviada: la línea no es JSON ({ $error })
framed-json-replies-due = { $why } (faltan { $due } respuestas)
framed-json-replies-late = { $due } respuestas no llegaron dentro del tiempo de espera

# Archivo del buzón
framed-json-store-unreadable = no se puede leer el archivo del buzón { $path }
framed-json-store-not-mailbox = el archivo del buzón { $path } no es un archivo de buzón
framed-json-store-no-dir = la carpeta del archivo del buzón { $dir } no existe
framed-json-store-inconsistent = el archivo del buzón { $path } no es coherente: { $why }
framed-json-store-over-max = el archivo del buzón tiene { $count } mensajes, más que --max-stored { $max }: los nuevos se rechazan hasta que se retiren algunos
framed-json-store-id-twice = el id { $id } se usa dos veces
framed-json-store-id-range = el id { $id } no está entre 1 y next_id ({ $next_id })
framed-json-store-bad-user = el mensaje { $id } nombra al usuario { $name }

# Servidor
framed-json-cannot-install-signals = no se pueden instalar los manejadores de señales
framed-json-cannot-bind = no se puede hacer bind en tcp { $addr }
framed-json-poll-failed = falló poll()
framed-json-stopped = detenido: { $connections } conexiones, { $frames_in } tramas recibidas, { $frames_out } enviadas, { $errors } errores, { $stored } mensajes guardados
framed-json-refused = rechazado { $peer }: ya se atienden { $max } clientes (--max-clients)
framed-json-connection = conexión desde { $peer }
framed-json-closed = { $peer } cerrada ({ $reason }): { $frames_in } tramas recibidas, { $frames_out } enviadas
framed-json-frame-error = trama de { $peer }: { $error }
framed-json-reply = respuesta a { $peer }: { $reply }

# Errores de trama, como los lee una persona (las respuestas de error y los eventos JSON quedan en inglés)
framed-json-frame-too-large = el prefijo de longitud anuncia { $length } bytes, más que el máximo de { $max } bytes
framed-json-frame-not-multiple = un cuerpo de { $length } bytes no está rellenado hasta un múltiplo de { $chunk } bytes (rellene con bytes NUL)
framed-json-frame-truncated = la conexión se cerró después de { $got } de los { $wanted } bytes { $part }
framed-json-part-header = del encabezado
framed-json-part-body = del cuerpo
framed-json-part-frame = de la trama
framed-json-frame-bad-utf8 = el cuerpo no es UTF-8 (byte inválido en la posición { $at })
framed-json-frame-bad-json = el cuerpo no es JSON: { $why }
