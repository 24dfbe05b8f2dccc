# udp-chat: el servidor y el cliente de eco y chat sobre UDP (guía §1).

udp-chat-about = Par de eco y chat sobre UDP para el laboratorio de sockets (guía §1)
udp-chat-after-help =
    Ejemplos:
      udp-chat server --bind 127.0.0.1:3500 --allow 127.0.0.1
      udp-chat client --to 127.0.0.1:3500 hola
      udp-chat client --to 127.0.0.1:3500 --size 1200
      udp-chat server --chat        # responda cada mensaje escribiendo
udp-chat-cmd-server = Devuelve cada datagrama a quien lo envió (o lo responde a mano con --chat)
udp-chat-cmd-client = Envía un mensaje e imprime la respuesta como `--> <respuesta>`

## Opciones del servidor
udp-chat-arg-bind = Dirección en la que escuchar; el puerto 0 elige un puerto libre (la primera línea lo muestra)
udp-chat-arg-allow = Responder solo a orígenes en esta IP o CIDR (repetible); los demás se ignoran y se registran (§1.5.2)
udp-chat-arg-recv-buf = Bytes pasados a cada recepción; los datagramas más largos se truncan y se informan (§1.5.3)
udp-chat-arg-rcvbuf = Pedir al kernel este SO_RCVBUF e informar lo que concedió
udp-chat-arg-chat = Responder cada mensaje con una línea escrita en stdin en lugar de devolverlo (§1.5.4)
udp-chat-arg-quiet = No registrar cada datagrama (para pruebas de carga); los ignorados, los truncados y los comandos se siguen informando
udp-chat-arg-read-delay = Esperar este tiempo antes de cada recepción (`1ms`, `5ms`): un lector lento, para que una ráfaga llene el búfer de recepción y el kernel descarte lo que no cabe (contado como `drops` al terminar)
udp-chat-arg-allow-exec = Aceptar `/exec <comando>` (ejecución remota de comandos: solo para orígenes de confianza) (§1.5.6)
udp-chat-arg-exec-timeout = Detener un comando de /exec (todo su grupo de procesos) después de este tiempo
udp-chat-arg-json = Un objeto JSON por línea en lugar de la salida para personas

## Opciones del cliente
udp-chat-arg-client-to = Dirección del servidor
udp-chat-arg-client-message = Mensaje a enviar (por omisión: el de la guía, "TyR: Echo sobre UDP")
udp-chat-arg-client-size = Enviar esta cantidad de bytes de un patrón reconocible en lugar de un mensaje (como máximo 65535: ningún datagrama UDP es más grande)
udp-chat-arg-client-bind = Dirección de origen desde la que enviar, p. ej. 127.0.0.2:0 para probar una lista de permitidos
udp-chat-arg-client-timeout = Cuánto esperar cada respuesta (2s por omisión; en modo --chat, indefinidamente)
udp-chat-arg-client-retries = Reenviar esta cantidad de veces cuando no llega respuesta
udp-chat-arg-client-chat = Enviar cada línea escrita en stdin e imprimir cada respuesta, hasta el fin de la entrada (§1.5.4)
udp-chat-arg-client-count = Medir esta cantidad de viajes de ida y vuelta (de --size bytes, 64 por omisión) e imprimir tasa y latencia (como máximo 10000000: cada uno se cronometra en memoria)
udp-chat-arg-client-window = Con --count: mantener esta cantidad de datagramas en vuelo (como máximo 1024)

## Valores de la línea de comandos
udp-chat-recv-buf-too-large = como máximo { $limit } bytes (ningún datagrama UDP es más grande que 65535)
udp-chat-count-not-positive = '{ $text }' no es un número entero positivo
udp-chat-count-over-limit = '{ $text }' supera el límite de { $limit }
udp-chat-allow-invalid = '{ $text }' no es una dirección IP ni un CIDR (p. ej. 127.0.0.1, 10.0.0.0/8, ::1)

## Servidor
udp-chat-signal-handlers = no se pueden instalar los manejadores de señales
udp-chat-no-ip-address = el socket enlazado no tiene dirección IP
udp-chat-cannot-create-socket = no se puede crear un socket UDP
udp-chat-cannot-set-rcvbuf = no se puede establecer SO_RCVBUF
udp-chat-cannot-bind = no se puede enlazar udp { $addr }
udp-chat-receive-failed = falló la recepción: { $error }
udp-chat-ignored = datagrama de { $source } ignorado: { $ip } no está en la lista de permitidos ({ $allowlist })
udp-chat-datagram = datagrama de { $source }, { $bytes ->
        [one] 1 byte
       *[other] { $bytes } bytes
    }
udp-chat-truncated = datagrama de { $source } truncado: se conservaron { $kept } de { $bytes } bytes
# $refusal es la respuesta enviada al cliente, en inglés (bytes en la red).
udp-chat-exec-refused = /exec de { $source } rechazado: { $refusal }
# $reply es la respuesta enviada al cliente, en inglés (bytes en la red).
udp-chat-exec-ran = se ejecutó '{ $command }' para { $source }: { $reply }
udp-chat-says = { $source } dice: { $text }
udp-chat-reply-prompt = respuesta
udp-chat-cannot-read-stdin = no se puede leer stdin
udp-chat-cannot-reply = no se puede responder a { $to }: { $error }
udp-chat-stopping = deteniéndose ({ $reason }): { $datagrams ->
        [one] 1 datagrama
       *[other] { $datagrams } datagramas
    }, { $bytes } bytes, { $truncated ->
        [one] 1 truncado
       *[other] { $truncated } truncados
    }, { $ignored ->
        [one] 1 ignorado
       *[other] { $ignored } ignorados
    }, { $replies ->
        [one] 1 respuesta
       *[other] { $replies } respuestas
    }
udp-chat-stop-signal = señal
udp-chat-stop-command = /shutdown de { $source }
udp-chat-stop-end-of-input = fin de stdin: no hay más respuestas que dar

## Cliente
udp-chat-ip-versions-differ = --bind { $local } y --to { $to } son de versiones de IP distintas
udp-chat-cannot-reach = no se puede alcanzar { $to }
udp-chat-message-too-large = el mensaje tiene { $bytes } bytes; un datagrama UDP sobre { $ip } lleva como máximo { $max } bytes
udp-chat-cannot-send = no se puede enviar a { $to }
udp-chat-resending = sin respuesta de { $to } en { $timeout }, reenviando ({ $attempt } de { $retries })
udp-chat-poll-failed = falló poll()
udp-chat-cannot-receive = no se puede recibir de { $from }
# Después de "--> ", para un patrón de --size.
udp-chat-reply-identical = volvieron { $back } de { $bytes } bytes, idénticos a lo enviado
udp-chat-reply-differs = volvieron { $back } de { $bytes } bytes, distintos de lo enviado
udp-chat-no-server = no hay servidor en { $to } (conexión rechazada)
udp-chat-no-reply = sin respuesta de { $to } en { $timeout }
udp-chat-no-reply-attempts = sin respuesta de { $to } en { $timeout } ({ $attempts } intentos)
udp-chat-size-over-maximum = --size { $size } supera el máximo de UDP de { $max }
udp-chat-cannot-set-timeout = no se puede establecer un tiempo de espera de recepción
udp-chat-bench = { $received } viajes de ida y vuelta de { $size } bytes, ventana { $window }: { $rate }/s en { $seconds }s, p50 { $p50 } us, p99 { $p99 } us, máx. { $max } us, { $lost } perdidos
