# Lo que socklab sweep escribe para las personas (harness/sweep/): la tabla Markdown y las palabras del gráfico.
# El CSV y el JSON quedan en inglés, igual que los motivos de desacuerdo de cada punto, que guarda el JSON.

sweep-md-intro = { $runs } ejecuciones, { $per_point } por punto; mediana (mín–máx). Máquina: { $machine }.
sweep-md-agrees = coincide con el modelo
sweep-md-yes = sí
sweep-md-no = {"**"}no**: { $reason }
sweep-md-model = Modelo: { $model }.
sweep-md-flagged = { $flagged } punto(s) no coinciden con el modelo.

sweep-plot-nothing = nada que graficar: ninguna ejecución midió '{ $metric }'
sweep-plot-measured-on = Medido en { $machine }
sweep-plot-measured = { $name } (medido)
sweep-plot-model = { $name } (modelo)
sweep-axis-log = { $name } (escala logarítmica)
sweep-axis-unit-log = { $name } ({ $unit }, escala logarítmica)

# Una ejecución de un barrido que no dio ningún número (harness/sweep/run.rs).
sweep-run-failed = { $point } (repetición { $repeat }): { $failure }
sweep-run-no-value = no hay valor para { $metrics }

# Errores en la expresión de un experimento (harness/sweep/expr.rs), mostrados como errores de labs.toml.
sweep-expr-unexpected-in = { $token } inesperado en '{ $text }'
sweep-expr-unexpected = { $token } inesperado
sweep-expr-no-value = no hay valor para '{ $name }'
sweep-expr-token-number = número { $value }
sweep-expr-token-name = nombre '{ $name }'
sweep-expr-not-a-number = '{ $text }' no es un número
sweep-expr-unexpected-char = '{ $char }' inesperado en '{ $text }' (las expresiones usan números, nombres, + - * / y ( ))
sweep-expr-expected-found = se esperaba '{ $symbol }', se encontró { $found }
sweep-expr-expected-at-end = se esperaba '{ $symbol }' al final
sweep-expr-ends-early = la expresión termina antes de tiempo
sweep-expr-unknown-function = función desconocida '{ $name }' (conocidas: min, max, ceil, floor, abs)
sweep-expr-arguments = { $name }() recibe { $least } argumento(s), no { $given }
