# text-image: textos e imágenes por una sola conexión TCP (guía §2.5.4).

text-image-about = Envía un mensaje de texto e imágenes por una sola conexión TCP, con entramado, sumas de verificación y confirmaciones (guía §2.5.4)
text-image-after-help =
    Ejemplos:
      text-image recv --bind 127.0.0.1:3500 --out received
      text-image send --to 127.0.0.1:3500 --text hola --image cat.png --image dog.jpg
      text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --json

    El protocolo se describe en docs/PROTOCOL.md.
text-image-cmd-send = Envía textos e imágenes, en el orden dado, e imprime el veredicto del receptor sobre cada uno
text-image-cmd-recv = Recibe: imprime cada texto, guarda cada imagen en DIR y responde cada elemento
text-image-send-after-help =
    Ejemplos:
      text-image send --to 127.0.0.1:3500 --text hola --image cat.png
      text-image send --to 127.0.0.1:3500 --image a.png --text "entre las dos" --image b.jpg --json
text-image-recv-after-help =
    Ejemplos:
      text-image recv --bind 127.0.0.1:3500 --out received
      text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --timeout 5s --json

## Opciones
text-image-arg-send-to = Dirección del receptor
text-image-arg-send-text = Un mensaje de texto a enviar (repetible; textos e imágenes van en el orden de la línea de comandos)
text-image-arg-send-image = Un archivo de imagen a enviar (repetible); el receptor lo guarda con el nombre del archivo
text-image-arg-send-timeout = Abandonar cuando conectar, o esperar una respuesta o el socket, tarda más que esto
text-image-arg-json = Un objeto JSON por línea en lugar de la salida para personas
text-image-arg-recv-bind = Dirección en la que escuchar; el puerto 0 elige un puerto libre (la primera línea lo muestra)
text-image-arg-recv-out = Directorio en el que se escriben las imágenes (debe existir)
text-image-arg-recv-once = Atender a un solo emisor y salir (0 si envió END y se aceptaron todos los elementos, 1 si no)
text-image-arg-recv-max-size = Elemento más grande aceptado; uno más grande se rechaza por su encabezado, antes de que se envíe su contenido
text-image-arg-recv-accept-any = Guardar como datos simples los contenidos que no son un formato de imagen conocido en lugar de rechazarlos
text-image-arg-recv-overwrite = Reemplazar un archivo del mismo nombre en lugar de guardar el nuevo como NOMBRE-1.EXT
text-image-arg-recv-timeout = Desconectar a un emisor que no envía nada durante este tiempo

## Errores
text-image-nothing-to-send = nada que enviar: indique al menos un --text MENSAJE o un --image ARCHIVO (ver --help)
# Una cantidad de bytes menor que 10 KiB; las mayores se escriben 200.0 MiB.
text-image-size-bytes = { $bytes ->
        [one] 1 byte
       *[other] { $bytes } bytes
    }

## Emisor
text-image-cannot-connect = no se puede conectar a { $to }
text-image-connected = conectado a { $to }
text-image-cannot-send-stream-header = no se puede enviar el encabezado del flujo
text-image-receiver-closed = el receptor cerró la conexión
text-image-transfer-stopped = transferencia detenida: { $failure }
text-image-done = elementos aceptados: { $accepted } de { $total }, rechazados: { $rejected }, sin enviar: { $unsent }
text-image-cannot-open = no se puede abrir { $path }
text-image-cannot-read = no se puede leer { $path }
text-image-no-file-name = { $path } no tiene nombre de archivo
text-image-cannot-send-frame-header = no se puede enviar un encabezado de trama
text-image-cannot-send-text = no se puede enviar el texto
text-image-cannot-send-image = no se puede enviar la imagen
text-image-shrank = { $label } se redujo durante el envío ({ $sent } de { $bytes } bytes)
text-image-cannot-send-checksum = no se puede enviar la suma de verificación
text-image-cannot-send-payload = no se puede enviar el contenido
text-image-cannot-send-end = no se puede enviar END
# $reason es la respuesta del receptor, tal como la envió.
text-image-end-frame-refused = el receptor rechazó END: { $reason }
text-image-no-reply = el receptor no respondió a tiempo (--timeout)
text-image-cannot-read-reply = no se puede leer la respuesta del receptor
text-image-wrong-item = el receptor respondió sobre el elemento { $answered } mientras se enviaba el elemento { $item }
# $kind es text o image; $label el texto entre comillas o el nombre del archivo; $size como 1479 bytes.
text-image-accepted = { $kind ->
        [image] aceptada: imagen
        [text] aceptado: texto
       *[other] aceptado: { $kind }
    } { $label } ({ $size })
text-image-accepted-stored = { $kind ->
        [image] aceptada: imagen
        [text] aceptado: texto
       *[other] aceptado: { $kind }
    } { $label } ({ $size }), guardada como { $stored }
# $reason es la respuesta del receptor, tal como la envió; $code su código (too-large, checksum...).
text-image-rejected = { $kind ->
        [image] rechazada: imagen
        [text] rechazado: texto
       *[other] rechazado: { $kind }
    } { $label }: { $reason } [{ $code }]
text-image-progress = enviando { $label }: { $sent } de { $total } ({ $percent }%)

## Respuestas que lee el emisor
text-image-name-too-long = nombre de más de 65535 bytes
text-image-unknown-status = estado de respuesta desconocido { $status }
text-image-unknown-code = código de respuesta desconocido { $code }

## Receptor: por qué se rechaza un elemento (también se envía al emisor, siempre en inglés)
text-image-cannot-read-payload = no se puede leer el contenido guardado: { $error }
text-image-not-an-image = no es un formato de imagen conocido (PNG, JPEG, GIF, WebP, BMP)
# $format es png, jpeg, gif...; $error las palabras del propio decodificador.
text-image-does-not-decode = un encabezado de { $format }, pero la imagen no se puede decodificar: { $error }
text-image-too-large-to-check = una imagen { $format } demasiado grande para verificarla: decodificarla necesita más de { $mib } MiB
text-image-no-free-name = no hay un nombre libre como '{ $name }'
text-image-name-not-utf8 = el nombre no es UTF-8 válido
text-image-name-empty = el nombre está vacío
text-image-name-too-long-for-disk = el nombre tiene más de { $max } bytes
text-image-name-separator = el nombre contiene un separador de ruta (solo se permite un nombre de archivo)
text-image-name-nul = el nombre contiene un byte NUL
text-image-name-control = el nombre contiene un carácter de control
# $code es como U+202E.
text-image-name-bidi = el nombre contiene el carácter de control bidireccional { $code }, que hace que se muestre distinto de lo que es (cat, U+202E, gnp.exe se muestra como catexe.png)
text-image-name-dot = el nombre empieza con '.' (no se permiten '.', '..' ni archivos ocultos)
# $bytes son los cuatro primeros bytes recibidos, como [48, 54, 54, 50].
text-image-bad-magic = número mágico incorrecto { $bytes }: no es un flujo de text-image (se esperaba "TXIM")
text-image-bad-version = la versión { $version } del protocolo no es compatible (este receptor usa la versión { $supported })
text-image-unknown-type = tipo de trama desconocido { $kind } (conocidos: 1 texto, 2 imagen, 3 fin)
# $kind es text o image.
text-image-too-large = { $kind ->
        [text] el texto
        [image] la imagen
       *[other] { $kind }
    } de { $size } supera el límite de { $limit } del receptor
# $name es el nombre entre comillas dobles.
text-image-bad-name = nombre no válido { $name }: { $why }
text-image-cannot-create-file = no se puede crear un archivo en { $dir }: { $error }
text-image-checksum = el SHA-256 no coincide: recibido { $received }, calculado { $computed }
text-image-text-not-utf8 = el texto no es UTF-8 válido (byte incorrecto en la posición { $offset })
text-image-cannot-write = no se puede escribir en { $dir }: { $error }
text-image-accept-any-hint = { $reason }; inicie el receptor con --accept-any para guardar cualquier dato
text-image-cannot-store = no se puede guardar el archivo en { $dir }: { $error }
text-image-image-without-name = una trama de imagen sin nombre
text-image-name-too-long-in-frame = un nombre de { $bytes } bytes (como máximo { $max })
# $kind es text o end.
text-image-frame-with-name = una trama de { $kind ->
        [text] texto
        [end] fin
       *[other] { $kind }
    } con nombre ({ $bytes } bytes); solo las imágenes tienen nombre
text-image-end-with-payload = una trama de fin con un contenido de { $bytes } bytes

## Receptor: cómo se cortó una conexión ($what es una de las partes de abajo)
text-image-part-stream-header = el encabezado del flujo
text-image-part-frame-header = un encabezado de trama
text-image-part-name = el nombre
text-image-part-payload = el contenido
text-image-part-digest = el SHA-256 después del contenido
text-image-cannot-send-reply = no se puede enviar una respuesta: { $error }
text-image-closed-in = conexión cerrada durante { $what }: se recibieron { $got } de { $bytes } bytes
# $kind es text o image.
text-image-closed-in-item = conexión cerrada durante { $what } de { $kind ->
        [text] un texto
        [image] una imagen
       *[other] { $kind }
    }: se recibieron { $got } de { $bytes } bytes
text-image-closed-before = conexión cerrada sin recibir { $what }
text-image-cannot-read-part = no se puede leer { $what }: { $error }

## Receptor
text-image-signal-handlers = no se pueden instalar los manejadores de señales
text-image-no-output-dir = el directorio de salida { $dir } no existe (créelo primero)
text-image-cannot-bind = no se puede enlazar tcp { $addr }
text-image-poll-failed = falló poll()
text-image-accept-failed = falló accept()
text-image-connection = conexión de { $peer }
text-image-cannot-use-connection = no se puede usar la conexión de { $peer }: { $error }
text-image-ended-finished = el emisor terminó
text-image-ended-peer-closed = el emisor cerró la conexión sin END
text-image-ended-broken = conexión perdida: { $why }; se descartó el elemento parcial
# $code es como bad-magic.
text-image-ended-refused = flujo rechazado ({ $code }), conexión cerrada
text-image-ended-timed-out = emisor inactivo durante { $idle }, conexión cerrada
text-image-ended-stopped = se pidió detenerse, conexión cerrada
# $detail es uno de los mensajes text-image-ended-*.
text-image-closed = { $peer }: { $detail } ({ $accepted ->
        [one] 1 aceptado
       *[other] { $accepted } aceptados
    }, { $rejected ->
        [one] 1 rechazado
       *[other] { $rejected } rechazados
    })
text-image-text = texto de { $peer }: { $text }
# Después del nombre que dio el emisor.
text-image-renamed = (como { $stored }: el nombre ya existía)
text-image-image = imagen { $name }: { $format } { $width }x{ $height }, { $size }, sha256 { $sha256 }
text-image-data = datos { $name }: no es un formato de imagen conocido, se guardaron de todos modos (--accept-any), { $size }, sha256 { $sha256 }
# $kind es text, image, stream o frame; $name está vacío o es un espacio y el nombre.
text-image-rejected-item = se rechazó { $kind ->
        [text] el texto
        [image] la imagen
        [stream] el flujo
        [frame] la trama
       *[other] { $kind }
    }{ $name } (elemento { $item }) de { $peer }: { $reason } [{ $code }]
text-image-stop-once = se atendió una conexión (--once)
text-image-stop-signal = señal
text-image-stopping = deteniéndose ({ $reason }): { $connections ->
        [one] 1 conexión
       *[other] { $connections } conexiones
    }, { $accepted ->
        [one] 1 elemento aceptado
       *[other] { $accepted } elementos aceptados
    }, { $rejected ->
        [one] 1 rechazado
       *[other] { $rejected } rechazados
    }
