# text-image: texts and images over one TCP connection (guide §2.5.4).

text-image-about = Send a text message and images over one TCP connection, with framing, checksums and acks (guide §2.5.4)
text-image-after-help =
    Examples:
      text-image recv --bind 127.0.0.1:3500 --out received
      text-image send --to 127.0.0.1:3500 --text hola --image cat.png --image dog.jpg
      text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --json

    The protocol is described in docs/PROTOCOL.md.
text-image-cmd-send = Send texts and images, in the order given, and print the receiver's verdict on each
text-image-cmd-recv = Receive: print each text, store each image in DIR, answer every item
text-image-send-after-help =
    Examples:
      text-image send --to 127.0.0.1:3500 --text hola --image cat.png
      text-image send --to 127.0.0.1:3500 --image a.png --text "between the two" --image b.jpg --json
text-image-recv-after-help =
    Examples:
      text-image recv --bind 127.0.0.1:3500 --out received
      text-image recv --bind 127.0.0.1:0 --out received --once --max-size 1M --timeout 5s --json

## Options
text-image-arg-send-to = Receiver address
text-image-arg-send-text = A text message to send (repeatable; texts and images go in command-line order)
text-image-arg-send-image = An image file to send (repeatable); the receiver stores it under the file's name
text-image-arg-send-timeout = Give up when connecting, or waiting for a reply or for the socket, takes longer than this
text-image-arg-json = One JSON object per line instead of human output
text-image-arg-recv-bind = Address to listen on; port 0 picks a free port (the first line shows it)
text-image-arg-recv-out = Directory the images are written to (it must exist)
text-image-arg-recv-once = Serve one sender, then exit (0 if it sent END and every item was accepted, 1 otherwise)
text-image-arg-recv-max-size = Largest item accepted; a larger one is refused from its header, before any payload is sent
text-image-arg-recv-accept-any = Store payloads that are not a known image format as plain data instead of refusing them
text-image-arg-recv-overwrite = Replace a file of the same name instead of storing the new one as NAME-1.EXT
text-image-arg-recv-timeout = Drop a sender that sends nothing for this long

## Errors
text-image-nothing-to-send = nothing to send: give at least one --text MESSAGE or --image FILE (see --help)
