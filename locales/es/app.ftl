# El comando socklab (harness/app.rs): su ayuda, la lista de labs, los barridos y sus errores.

app-about = Ejecuta los escenarios de sockets de labs.toml con los programas de referencia y verifica lo que ocurrió
app-after-help =
    Ejemplos:
      socklab run                  # todos los labs
      socklab run udp-allowlist    # un lab
      socklab list
      socklab sweep backlog        # un experimento: sweeps/backlog.{"{"}csv,md,svg,json{"}"}
      socklab sweep --list

    El formato de labs.toml está documentado en docs/LABS.md; los experimentos, en docs/EXPERIMENTS.md.
app-arg-labs = El archivo de labs
app-arg-set = Da otro valor a una variable de [vars] de labs.toml (se puede repetir), p. ej. --set shutdown=FIN
app-arg-lab-set = Solo los labs de este [[lab-set]] (vea `socklab list`), con los valores de variables que indica
app-arg-line-width = La línea más larga de la salida de un programa que muestran los informes; el resto de una línea más larga se corta, indicando cuánto (las verificaciones igual ven hasta 1MiB de cada línea)

app-cmd-run = Ejecuta labs (todos, o los indicados) y verifica lo que ocurrió
app-cmd-list = Lista los labs, uno por línea
app-cmd-grade = Califica las entregas de los estudiantes en los labs que tienen comandos de estudiante, e informa los puntajes
app-cmd-grade-after-help =
    Ejemplos:
      socklab grade submissions/ --html grades.html --csv grades.csv
      socklab grade submissions/ --shard 2/4 --json part2.json
      socklab grade /autograder/submission --one --gradescope /autograder/results/results.json
app-cmd-merge = Combina los resultados --json de varias ejecuciones de `socklab grade --shard` en un solo informe
app-cmd-gradescope-bundle = Escribe el zip del autograder de Gradescope (setup.sh, run_autograder, el archivo de labs, binarios estáticos)
app-cmd-sweep = Ejecuta un experimento (un barrido de parámetros) y escribe NAME.csv, .md, .svg y .json

app-sweep-after-help =
    Ejemplos:
      socklab sweep --list
      socklab sweep backlog --repeat 5
      socklab sweep udp-truncation --quick --out /tmp/sweeps
      socklab sweep --from docs/experiments/backlog.json --out /tmp/sweeps
app-sweep-arg-name = El experimento a ejecutar (vea --list)
app-sweep-arg-from = Vuelve a escribir la tabla, el CSV y el gráfico a partir del NAME.json de un barrido anterior, sin ejecutar nada (p. ej. después de que una actualización de socklab cambiara los gráficos)
app-sweep-arg-list = Lista los experimentos, uno por línea
app-sweep-arg-repeat = Ejecuciones por punto (por omisión: el `repeat` del experimento)
app-sweep-arg-out = Dónde escribir NAME.csv, NAME.md, NAME.svg y NAME.json
app-sweep-arg-quick = Solo los valores rápidos del experimento (unos pocos puntos), para una mirada rápida
app-sweep-arg-jobs = Ejecuciones simultáneas, en los experimentos cuyos puntos pueden correr en paralelo (por omisión: la cantidad de CPU)

app-run-arg-names = Labs a ejecutar (por omisión: todos)
app-run-arg-jobs = Labs ejecutados al mismo tiempo (por omisión: la cantidad de CPU)
app-run-arg-json = Escribe el informe como JSON en stdout en lugar de texto
app-run-arg-junit = Escribe además el informe como JUnit XML en FILE
app-run-arg-keep-logs = Guarda el stdout y el stderr de cada proceso en DIR/LAB/PROCESS.{"{"}stdout,stderr{"}"}

app-lab-set-with-sweep = --lab-set elige labs para run, grade y list; un experimento se elige por su nombre
app-set-not-assignment = '{ $text }' no tiene la forma NAME=VALUE, p. ej. --set shutdown=FIN
app-no-experiment = no hay ningún experimento llamado '{ $name }' en { $file } (vea `socklab sweep --list`)
app-no-labs = { $file } no tiene ningún [[lab]]: no hay nada que ejecutar (docs/LABS.md describe el formato)
app-no-lab = no hay ningún lab llamado '{ $name }' en { $file } (vea `socklab list`)
app-no-signal-handlers = no se pueden instalar los manejadores de señales
app-cannot-save-logs = no se pueden guardar los registros de { $lab }: { $reason }
app-cannot-read = no se puede leer { $path }: { $reason }
app-cannot-create = no se puede crear { $path }
app-cannot-write = no se puede escribir { $path }
app-cannot-draw = no se puede dibujar el gráfico: { $reason }
app-not-sweep-json = { $path }: no es el JSON de `socklab sweep`: { $reason }

# La barra de progreso del barrido (una plantilla de indicatif: solo cambian las palabras entre los campos {…}).
app-progress-template = {"{"}prefix{"}"} [{"{"}bar:30{"}"}] {"{"}pos{"}"}/{"{"}len{"}"} ejecuciones, {"{"}elapsed{"}"} (faltan {"{"}eta{"}"}) {"{"}msg{"}"}
app-sweep-interrupted = interrumpido: no se escribió nada
app-sweep-done = { $name }: { $runs } ejecuciones, { $flagged ->
        [one] 1 punto no coincide
       *[other] { $flagged } puntos no coinciden
    } con el modelo
app-wrote = se escribió { $path }

# socklab list
app-list-points = { $points } pts
app-list-lab-sets = Conjuntos de labs (socklab grade DIR --lab-set NAME):
app-list-set-counts = { $labs ->
        [one] 1 lab
       *[other] { $labs } labs
    }, { $points } pts
app-list-set-vars = con { $vars }
