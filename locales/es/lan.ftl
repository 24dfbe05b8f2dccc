# lan: la LAN simulada de la semilla 000, su switch (o hub) y sus hosts.

lan-about = La LAN simulada de la semilla 000: hosts que envían paquetes a través de un switch, un switch con filtro o un hub
lan-after-help =
    Ejemplos:
      lan switch --drop 192.168.0.3
      lan host --name "PC Gamer" --addr 192.168.0.1
      lan host --name Laptop --addr 0xC0A80002 --stay

    El protocolo se describe en docs/PROTOCOL.md.
lan-cmd-switch = Reenviar paquetes entre hosts según su dirección de destino
lan-cmd-host = Registrar una dirección en el switch, enviar un paquete por cada línea escrita y mostrar lo que llega
lan-switch-after-help =
    Ejemplos:
      lan switch
      lan switch --drop 192.168.0.3 --json
      lan switch --hub --bind 127.0.0.1:0
lan-arg-switch-bind = Dirección en la que escuchar; el puerto 0 elige un puerto libre (la primera línea lo muestra)
lan-arg-switch-drop = Descartar todo paquete para esta dirección simulada, con una línea de registro por cada uno (se puede repetir): el switch con filtro de la semilla, que descarta todo lo que va al host 3
lan-arg-switch-hub = Funcionar como hub: enviar cada paquete a todos los demás hosts, sea cual sea su destino, para que se vea el rechazo "no es para mí" de los propios hosts
lan-arg-switch-max-hosts = Máximo de hosts en la tabla; los registros de más se rechazan
lan-arg-switch-max-datagram = Datagrama más grande que se acepta; uno más grande se rechaza indicando su tamaño
lan-arg-switch-json = Un objeto JSON por línea en lugar de la salida para personas
lan-host-after-help =
    Cada línea escrita es `DESTINATION TEXT` (192.168.0.2 Hola!) o solo `TEXT`, que se envía a un host conocido elegido al azar.

    Ejemplos:
      lan host --name "PC Gamer" --addr 192.168.0.1
      printf '192.168.0.2 Hola!\n' | lan host --name PC --addr 192.168.0.1 --json
lan-arg-host-name = El nombre del host, para las personas (el `name` de la semilla)
lan-arg-host-addr = La dirección simulada del host: 192.168.0.1, o como en la semilla 0xC0A80001 o 3232235521
lan-arg-host-switch = La dirección UDP del switch
lan-arg-host-bind = Dirección UDP local del socket del host
lan-arg-host-kind = base: el BasePacket de la semilla 000; personal: PersonalPacket, con los indicadores broken y danger
lan-arg-host-forbidden = Una palabra prohibida para el indicador danger (se puede repetir; por omisión: las de la semilla, isis, terrorismo, bomba)
lan-arg-host-allow-non-text = Enviar tal cual un valor JSON escrito que no es un string ([1, 2]), para mostrar el indicador broken; por omisión solo se envía texto, como pide la semilla
lan-arg-host-stay = Seguir recibiendo después del fin de la entrada, hasta que se lo detenga (Ctrl-C); por omisión el host se va
lan-arg-host-timeout = Cuánto esperar a que el switch responda el registro
lan-arg-host-max-datagram = Datagrama más grande que se envía o se acepta
lan-arg-host-json = Un objeto JSON por línea en lugar de la salida para personas

# Valores en la línea de comandos y en las líneas escritas
lan-not-host-addr = '{ $text }' no es una dirección IPv4 (192.168.0.1, 0xC0A80001 o 3232235521)
lan-not-one-host = { $addr } no puede ser la dirección de un solo host (no especificada, de broadcast o de multicast)
lan-name-empty = el nombre del host está vacío
lan-name-too-long = el nombre del host tiene más de { $max } caracteres
lan-name-control = el nombre del host tiene caracteres de control
lan-not-a-word = '{ $text }' no es una sola palabra de letras o dígitos
lan-line-not-ipv4 = '{ $text }' no es una dirección IPv4
lan-line-nothing-to-send = nada que enviar a { $addr }: escriba el texto después de la dirección

# Ambos
lan-cannot-install-signals = no se pueden instalar los manejadores de señales
lan-cannot-bind = no se puede hacer bind en udp { $addr }
lan-bad-message = mensaje incorrecto: { $reason }
lan-left = { $name } ({ $addr }) se fue

# Host
lan-cannot-reach-switch = no se puede llegar al switch en udp { $switch }
lan-no-other-host = todavía no hay otros hosts
lan-other-hosts = otros hosts: { $list }
lan-host-registered = { $name } registrado como { $addr } en el switch de udp { $switch }; { $knows }
lan-cannot-send-switch = no se puede enviar al switch en udp { $switch }
lan-registration-refused = el switch en udp { $switch } rechazó el registro: { $reason }
lan-no-answer = ningún switch respondió en udp { $switch } dentro de { $timeout }
lan-datagram-too-large = se ignoró un datagrama de { $length } bytes del switch (más de { $limit })
lan-no-switch = no hay un switch en udp { $switch } (conexión rechazada)
lan-cannot-receive = no se puede recibir
lan-poll-failed = falló poll()
lan-cannot-read-stdin = no se puede leer la entrada estándar
lan-line-not-text = línea ignorada: no es texto UTF-8, y solo se puede enviar texto
lan-line-too-long = línea ignorada: supera el límite de { $limit } bytes
lan-line-ignored = línea ignorada: { $reason }
lan-line-no-host = línea ignorada: todavía no se conoce ningún otro host; escriba primero una dirección
lan-line-packet-too-large = línea ignorada: su paquete de { $size } bytes supera el límite de { $limit }
lan-cannot-send-switch-error = no se puede enviar al switch en udp { $switch }: { $error }
lan-sent = enviado a { $dst }: { $data }{ $flags }
lan-sent-random = enviado a { $dst } (elegido al azar): { $data }{ $flags }
lan-flag-broken = {"["}broken: no es texto]
lan-flag-danger = {"["}danger: una palabra prohibida]
lan-received = recibido de { $src }: { $data }{ $flags }
lan-host-rejected = rechazado: mi dirección es { $addr }, el paquete es para { $dst }
lan-joined = { $name } se unió como { $addr }
lan-switch-says = el switch dice: { $reason }
lan-for-switches = un mensaje { $kind } es para switches: los hosts no lo reciben
lan-ignored-datagram = se ignoró un datagrama del switch: { $reason }
lan-left-network = { $name } ({ $addr }) dejó la red
lan-left-network-unconfirmed = { $name } ({ $addr }) dejó la red (sin la respuesta del switch)

# Switch
lan-receive-failed = falló la recepción: { $error }
lan-stopped = detenido: { $forwarded } reenviados, { $discarded } descartados, { $rejected } rechazados, { $hosts } hosts
lan-datagram-over-limit = el datagrama tiene { $length } bytes, más que el límite de { $limit }
lan-for-hosts = un mensaje { $kind } es para hosts: solo un switch lo envía
lan-cannot-register = no se puede registrar { $name }: { $reason }
lan-socket-registered = no se puede registrar { $name } como { $addr }: este socket ya está registrado como { $registered } ({ $current })
lan-addr-taken = no se puede registrar { $name } como { $addr }: { $addr } ya está registrada por { $owner }
lan-name-taken = no se puede registrar { $name } como { $addr }: el nombre { $name } ya está registrado ({ $owner })
lan-switch-full = no se puede registrar { $name } como { $addr }: el switch está lleno ({ $max } hosts)
lan-switch-registered = registrado { $name } como { $addr } (udp { $from })
lan-leave-unregistered = un "leave" desde un socket que no está registrado
lan-packet-unregistered = un paquete desde udp { $from }, que no está registrado
lan-packet-wrong-source = un paquete con origen { $src } desde el host registrado como { $registered }
lan-discarded = descartado un paquete { $src } → { $dst }: se descarta todo paquete para { $dst }
lan-flooded = difundido un paquete { $src } → { $dst } a { $count ->
        [one] 1 host
       *[other] { $count } hosts
    }
lan-no-such-host = un paquete para { $dst }: ningún host tiene esa dirección
lan-forwarded = reenviado un paquete { $src } → { $dst } ({ $bytes } bytes)
lan-switch-rejected = se rechazó un datagrama desde udp { $from }: { $reason }
lan-cannot-send-to = no se puede enviar a udp { $to }: { $error }
