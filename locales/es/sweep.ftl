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
