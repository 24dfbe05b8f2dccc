# El informe de `socklab run` (harness/report/terminal.rs).

report-verdict-skip = omitido
report-verdict-ok = ok
report-verdict-failed = FALLÓ
report-skipped = omitido: { $why }
report-problem = problema: { $problem }
report-check-failed = la comprobación '{ $check }' falló: { $reason }
report-tail-of = , últimas { $shown } de { $total } líneas
report-interrupted = interrumpido: los laboratorios restantes no se ejecutaron
report-summary-passed = { $count ->
    [one] 1 aprobado
   *[other] { $count } aprobados
}
report-summary-failed = { $count ->
    [one] 1 fallido
   *[other] { $count } fallidos
}
report-summary-skipped = { $count ->
    [one] 1 omitido
   *[other] { $count } omitidos
}
