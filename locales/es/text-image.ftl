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
