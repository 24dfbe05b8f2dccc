# What socklab sweep writes for people (harness/sweep/): the Markdown table and the plot's words.
# The CSV and JSON stay English; so do a point's disagreement reasons, which the JSON keeps.

sweep-md-intro = { $runs } runs, { $per_point } per point; median (min–max). Machine: { $machine }.
sweep-md-agrees = agrees with model
sweep-md-yes = yes
sweep-md-no = {"**"}no**: { $reason }
sweep-md-model = Model: { $model }.
sweep-md-flagged = { $flagged } point(s) disagree with the model.

sweep-plot-nothing = nothing to plot: no run measured '{ $metric }'
sweep-plot-measured-on = Measured on { $machine }
sweep-plot-measured = { $name } (measured)
sweep-plot-model = { $name } (model)
sweep-axis-log = { $name } (log scale)
sweep-axis-unit-log = { $name } ({ $unit }, log scale)

# A run of a sweep that gave no number (harness/sweep/run.rs).
sweep-run-failed = { $point } (repeat { $repeat }): { $failure }
sweep-run-no-value = no value for { $metrics }

# Mistakes in an experiment's expression (harness/sweep/expr.rs), shown as labs.toml errors.
sweep-expr-unexpected-in = unexpected { $token } in '{ $text }'
sweep-expr-unexpected = unexpected { $token }
sweep-expr-no-value = no value for '{ $name }'
sweep-expr-token-number = number { $value }
sweep-expr-token-name = name '{ $name }'
sweep-expr-not-a-number = '{ $text }' is not a number
sweep-expr-unexpected-char = unexpected '{ $char }' in '{ $text }' (expressions use numbers, names, + - * / and ( ))
sweep-expr-expected-found = expected '{ $symbol }', found { $found }
sweep-expr-expected-at-end = expected '{ $symbol }' at the end
sweep-expr-ends-early = the expression ends too early
sweep-expr-unknown-function = unknown function '{ $name }' (known: min, max, ceil, floor, abs)
sweep-expr-arguments = { $name }() takes { $least } argument(s), not { $given }
