# web-client: el MyClient de la semilla 000, un cliente web que muestra HTTP tal como viaja por la red.

web-client-about = Un cliente web que muestra HTTP tal como viaja por la red (el MyClient de la semilla 000): GET a mano sobre TCP o TLS
web-client-after-help =
    Ejemplos:
      web-client get http://127.0.0.1:8000/ --show-wire
      web-client get http://127.0.0.1:8000/a.txt http://127.0.0.1:8000/b.txt --delay 1s --save respuestas
      web-client show respuestas
      web-client get https://localhost:8443/ --ca lab-ca.pem
web-client-session-after-help =
    Cada línea: `get URL [DELAY]` (esperar DELAY, p. ej. 2 o 500ms, luego hacer el GET y guardar la respuesta), `show` (mostrar todas las respuestas guardadas, en orden) o `quit`.

    Ejemplos:
      printf 'get http://127.0.0.1:8000/ 1\nshow\n' | web-client session
      web-client session --save respuestas --show-wire
web-client-get-after-help =
    Salida: por cada pedido `GET URL`, la línea de estado, un resumen (`200 OK, 1234 bytes (Content-Length), text/html, 3ms`) y el cuerpo cuando es texto (un cuerpo binario se describe por su tamaño). Un estado como 404 no es un error; un intercambio que falla sí lo es (una línea en stderr, código de salida 1).

    Ejemplos:
      web-client get http://127.0.0.1:8000/ --show-wire
      web-client get http://127.0.0.1:8000/dir --follow
      web-client get http://127.0.0.1:8000/ --count 3 --delay 500ms --json
web-client-show-after-help =
    Ejemplos:
      web-client show respuestas
      web-client show respuestas --json
web-client-cmd-get = Hacer un GET de cada URL (una conexión por pedido) e informar cada respuesta
web-client-cmd-show = Mostrar las respuestas que guardó un `get --save DIR`, en el orden en que llegaron
web-client-cmd-session = Leer líneas `get URL [DELAY]`, `show` y `quit` de la entrada estándar: el MyClient de la semilla como un bucle de comandos
web-client-arg-session-save = Guardar las respuestas en DIR (como `get --save`); sin esta opción se guardan en una carpeta temporal
web-client-arg-get-urls = URLs http:// o https://, que se piden en orden
web-client-arg-get-delay = Esperar este tiempo antes de cada pedido de la lista (p. ej. 1s, 250ms); los saltos de una redirección siguen de inmediato
web-client-arg-get-count = Pedir cada URL esta cantidad de veces
web-client-arg-get-save = Guardar cada respuesta en DIR como NNNN.head, NNNN.body y NNNN.json, numeradas a continuación de lo que DIR ya tiene
web-client-arg-exchange-show-wire = Mostrar los bytes del pedido enviados (`> `) y el encabezado de la respuesta recibido (`< `), como curl -v
web-client-arg-exchange-follow = Seguir redirecciones (301, 302, 303, 307, 308), como máximo MAX por URL (10 por omisión); se informa cada salto
web-client-arg-exchange-max-body = Rechazar un cuerpo más largo que esto (se verifica antes de leerlo cuando se anuncia su longitud)
web-client-arg-exchange-timeout = Desistir cuando conectarse, o esperar cualquier lectura o escritura, tarda más que esto
web-client-arg-exchange-ca = Confiar además en los certificados de CA de este archivo PEM (la CA propia de un laboratorio); los certificados siempre se verifican
web-client-arg-exchange-no-body = No mostrar los cuerpos (igual se leen, se cuentan y se guardan)
web-client-arg-exchange-json = Un objeto JSON por línea en lugar de la salida para personas
web-client-arg-show-dir = Una carpeta escrita por `web-client get --save DIR`
web-client-arg-show-json = Un objeto JSON por línea en lugar de la salida para personas
web-client-not-a-url = no es una URL ({ $error }); se espera p. ej. http://127.0.0.1:8000/
web-client-url-credentials = no se admite un usuario o una contraseña en la URL: web-client no envía credenciales
web-client-bad-scheme = no se admite el esquema { $scheme }:// (solo http:// y https://)

# get
web-client-redirect-no-location = GET { $url }: una redirección { $status } sin encabezado Location: no hay adónde ir
web-client-bad-location = GET { $url }: Location incorrecto { $location }: { $error }
web-client-redirect-not-followed = redirección { $status } a { $next }, no seguida (agregue --follow)
web-client-too-many-redirects = GET { $url }: más de { $max } redirecciones (la última a { $next }); --follow=MAX permite más
web-client-redirect-scheme = GET { $url }: redirección a { $next }: solo se admiten http:// y https://
web-client-redirect-followed = redirección { $status } a { $next } (salto { $hop } de { $max } como máximo)
web-client-connecting = {"*"} conectando a { $host } puerto { $port }
web-client-connected = {"*"} conectado a { $addr }
web-client-tls = {"*"} TLS { $version } { $cipher } — certificado verificado para { $host }
web-client-cannot-send = no se puede enviar: { $error }
web-client-saved = guardada como { $dir }/{ $index }.{"{"}head,body,json{"}"}
web-client-wire-sent = {"*"} { $bytes } bytes enviados:
web-client-wire-sent-tls = {"*"} { $bytes } bytes enviados (dentro de TLS):
web-client-wire-received = {"*"} encabezado de la respuesta recibido, { $bytes } bytes:
web-client-wire-received-tls = {"*"} encabezado de la respuesta recibido, { $bytes } bytes (dentro de TLS):
web-client-no-body = sin cuerpo ({ $status } nunca tiene uno)
web-client-body-size = { $bytes } bytes ({ $framing })
web-client-framing-close = hasta que el servidor cerró
web-client-framing-none = sin cuerpo por definición
web-client-binary-body = ({ $bytes } bytes de cuerpo binario, no se muestra; --save DIR lo guarda)

# Lectura de una respuesta
web-client-unasked-upgrade = respuesta mal formada: 101 Switching Protocols a un pedido que no pidió ningún upgrade
web-client-body-too-long = el cuerpo tiene { $length } bytes (Content-Length), más que --max-body { $max }
web-client-body-partly-received = { $error } (se recibieron { $got } de { $length } bytes)
web-client-bad-content-length = respuesta mal formada: Content-Length inválido { $text }
web-client-conflicting-lengths = respuesta mal formada: valores de Content-Length contradictorios { $first } y { $second }
web-client-read-timeout = tiempo de espera agotado: el servidor no envió nada durante más que --timeout
web-client-cannot-receive = no se puede recibir: { $error }
web-client-head-too-large = respuesta mal formada: el encabezado es más grande que { $max }
web-client-bad-head = respuesta mal formada: { $error } (empieza con "{ $start }")
web-client-closed-no-response = el servidor cerró la conexión sin enviar una respuesta
web-client-closed-in-head = el servidor cerró la conexión en medio del encabezado de la respuesta
web-client-closed-in-body = el servidor cerró la conexión antes del final del cuerpo
web-client-body-over-until-close = el cuerpo supera --max-body { $max } (no tenía longitud; se leyó hasta el cierre)
web-client-body-over-chunk = el cuerpo supera --max-body { $max } (un chunk de { $size } bytes después de { $after } bytes)
web-client-chunk-line-too-long = respuesta mal formada: una línea de tamaño de chunk de más de { $max } bytes
web-client-bad-chunk-line = respuesta mal formada: línea de tamaño de chunk inválida "{ $line }"
web-client-closed-in-chunks = el servidor cerró la conexión en medio de un cuerpo chunked
web-client-chunk-no-crlf = respuesta mal formada: los datos del chunk no terminan en CRLF (el tamaño del chunk está mal)
web-client-trailer-too-large = respuesta mal formada: campos de trailer más grandes que { $max }
web-client-closed-in-trailer = el servidor cerró la conexión antes del final del trailer del cuerpo chunked

# Conexiones y TLS
web-client-ca-unreadable = no se puede leer el archivo de CA { $path }: { $error }
web-client-ca-not-pem = el archivo de CA { $path } no es PEM válido: { $error }
web-client-ca-bad-certificate = el archivo de CA { $path } contiene un certificado incorrecto: { $error }
web-client-ca-empty = el archivo de CA { $path } no contiene ningún bloque CERTIFICATE
web-client-tls-setup = no se puede configurar TLS
web-client-no-host = { $url } no tiene host
web-client-no-port = { $url } no tiene puerto
web-client-cannot-resolve = no se puede resolver { $host }: { $error }
web-client-no-address = no se puede resolver { $host }: ninguna dirección
web-client-nothing-to-connect = ninguna dirección a la cual conectarse
web-client-connect-timeout = no se puede conectar a { $addr }: tiempo de espera agotado después de { $timeout }
web-client-cannot-connect = no se puede conectar a { $addr }: { $error }
web-client-bad-server-name = { $host } no es un nombre de servidor TLS válido
web-client-tls-start = no se puede iniciar TLS con { $host }: { $error }
web-client-handshake-timeout = el handshake TLS con { $host } superó el tiempo de espera
web-client-handshake-failed = falló el handshake TLS con { $host }: { $error }
web-client-handshake-bad-certificate = falló el handshake TLS con { $host }: certificado del servidor incorrecto: { $problem }
web-client-handshake-not-tls = falló el handshake TLS con { $host }: la respuesta del servidor no es TLS ({ $error }); ¿habla HTTP sin cifrar? (pruebe http://)
web-client-cert-unknown-issuer = está firmado por una autoridad de certificación desconocida (indique la CA del laboratorio con --ca FILE)
web-client-cert-wrong-name = no es válido para este nombre de host
web-client-cert-expired = está vencido
web-client-cert-not-yet-valid = todavía no es válido
web-client-cert-revoked = fue revocado
web-client-cert-bad-signature = su firma es incorrecta
web-client-cert-bad-encoding = no es un certificado válido
web-client-cert-rejected = fue rechazado

# Respuestas guardadas
web-client-save-not-folder = no se puede guardar en { $dir }: no es una carpeta
web-client-cannot-create-folder = no se puede crear la carpeta { $dir }
web-client-folder-missing = { $dir } no existe
web-client-not-a-folder = { $dir } no es una carpeta
web-client-cannot-list = no se puede listar { $dir }
web-client-cannot-save-in = no se puede guardar en { $dir }: { $error }
web-client-cannot-write = no se puede escribir { $path }: { $error }
web-client-file-missing = falta { $path }
web-client-cannot-read = no se puede leer { $path }: { $error }
web-client-not-metadata = { $path } no son los metadatos de una respuesta guardada: { $error }
web-client-wrong-index = { $path } dice que es la respuesta { $index }
web-client-wrong-size = { $path } tiene { $size } bytes pero sus metadatos dicen { $expected }
web-client-head-file-too-large = { $path } es más grande que cualquier encabezado de respuesta ({ $max } bytes)
web-client-show-empty = { $dir } no tiene respuestas guardadas (guarde algunas con web-client get --save DIR)
web-client-show-damaged = { $count ->
        [one] 1 respuesta guardada en { $dir } está dañada (vea los avisos de arriba)
       *[other] { $count } respuestas guardadas en { $dir } están dañadas (vea los avisos de arriba)
    }

# session
web-client-session-get-args = get recibe una URL y una demora opcional (get URL [DELAY], show o quit)
web-client-session-show-args = show no recibe argumentos (get URL [DELAY], show o quit)
web-client-session-unknown = comando desconocido '{ $command }' (get URL [DELAY], show o quit)
web-client-no-temporary-folder = no se puede crear una carpeta temporal para las respuestas
web-client-line-too-long = línea ignorada: tiene más de { $max } bytes
web-client-line-not-text = línea ignorada: no es texto UTF-8
web-client-nothing-kept = todavía no hay respuestas guardadas
web-client-cannot-read-stdin = no se puede leer la entrada estándar
