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
