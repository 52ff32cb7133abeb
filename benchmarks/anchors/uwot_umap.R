# uwot's UMAP (R, C++ core) on a raw float32 matrix, timed; called by benchmarks/anchors/uwot_anchor.py.
#   Rscript benchmarks/anchors/uwot_umap.R INPUT.f32 ROWS COLS OUTPUT.f32 THREADS
# uwot::umap(x, n_neighbors = 15, min_dist = 0.1, n_threads, n_sgd_threads) with its defaults otherwise
# (Annoy k-NN, spectral initialisation, 500 epochs up to 10,000 points, 200 above). Prints
# `uwot_seconds=...` (wall-clock time of uwot::umap alone) and writes the ROWS x 2 embedding row-major.
args <- commandArgs(trailingOnly = TRUE)
rows <- as.integer(args[2])
cols <- as.integer(args[3])
threads <- as.integer(args[5])
con <- file(args[1], "rb")
values <- readBin(con, what = "numeric", n = rows * cols, size = 4)
close(con)
x <- matrix(values, nrow = rows, ncol = cols, byrow = TRUE)
suppressPackageStartupMessages(library(uwot))
set.seed(1)
start <- proc.time()[["elapsed"]]
y <- uwot::umap(x, n_neighbors = 15, min_dist = 0.1, n_threads = threads, n_sgd_threads = threads)
seconds <- proc.time()[["elapsed"]] - start
con <- file(args[4], "wb")
writeBin(as.numeric(t(y)), con, size = 4)
close(con)
cat(sprintf("uwot %s uwot_seconds=%.3f\n", as.character(packageVersion("uwot")), seconds))
