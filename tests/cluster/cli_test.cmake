# Runs chemin-kmeans (PROGRAM) on the fixtures in DATA, writing into WORK; fails on the first surprise.
file(MAKE_DIRECTORY ${WORK})

function(expect_success regex)
  execute_process(COMMAND ${PROGRAM} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "chemin-kmeans ${ARGN}: exit ${code}: ${err}")
  endif()
  string(STRIP "${out}" out)
  string(REGEX MATCH "[^\n]*$" last "${out}")
  if(NOT last MATCHES "${regex}")
    message(FATAL_ERROR "chemin-kmeans ${ARGN}: last line '${last}' does not match '${regex}'")
  endif()
  set(last_line "${last}" PARENT_SCOPE)
endfunction()

function(expect_failure expected_code expected_message)
  execute_process(COMMAND ${PROGRAM} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(STRIP "${err}" err)
  if(NOT code EQUAL expected_code OR NOT err STREQUAL "${expected_message}")
    message(FATAL_ERROR "chemin-kmeans ${ARGN}: expected exit ${expected_code} and '${expected_message}', got exit ${code} and '${err}'")
  endif()
endfunction()

set(X ${DATA}/blobs2d_x.npy)
expect_success("^RESULT inertia=575\\.49[0-9]* kmeans_seconds=[0-9.]+ iterations=[0-9]+$"
               --input ${X} --k 4 --n-init 10 --seed 0 --labels-out ${WORK}/labels.npy)
expect_success("^RESULT silhouette=0\\.6298[0-9]* silhouette_seconds=[0-9.]+$"
               --input ${X} --labels ${WORK}/labels.npy --silhouette exact)
expect_success("^RESULT silhouette=0\\.617191 silhouette_seconds=[0-9.]+$"
               --input ${X} --labels ${DATA}/blobs2d_truth.npy --silhouette exact --threads 2)
expect_success("^RESULT silhouette=[0-9.]+ silhouette_seconds=[0-9.]+$"
               --input ${X} --labels ${DATA}/blobs2d_truth.npy --silhouette sampled --sample-size 100)
expect_success("^RESULT silhouette=[0-9.]+ silhouette_seconds=[0-9.]+$"
               --input ${X} --labels ${DATA}/blobs2d_truth.npy --silhouette simplified)
expect_success("^RESULT best_k=2 best_silhouette=0\\.705558 choose_k_seconds=[0-9.]+$"
               --input ${X} --choose-k 2..6 --n-init 3)

expect_failure(2 "chemin-kmeans: unknown flag --kk (see chemin-kmeans --help)"
               --input ${X} --kk 3)
expect_failure(2 "chemin-kmeans: --k takes a whole number from 1 to 1000000 (got 'ten') (see chemin-kmeans --help)"
               --input ${X} --k ten)
expect_failure(2 "chemin-kmeans: --choose-k takes a range LOW..HIGH with 1 <= LOW <= HIGH <= 1000, e.g. 2..10 (got '2-10') (see chemin-kmeans --help)"
               --input ${X} --choose-k 2-10)
expect_failure(1 "chemin-kmeans: ${WORK}/missing.npy: cannot open: No such file or directory"
               --input ${WORK}/missing.npy --k 3)
expect_failure(1 "chemin-kmeans: ${DATA}/blobs2d_truth.npy: byte 10: dtype '<i8' is not a float matrix (expected '<f4' or '<f8')"
               --input ${DATA}/blobs2d_truth.npy --k 3)
expect_failure(1 "chemin-kmeans: k-means: k = 301 is more than the 300 points"
               --input ${X} --k 301)
expect_failure(1 "chemin-kmeans: silhouette: 120 labels for 300 points"
               --input ${X} --labels ${DATA}/singleton3_truth.npy --silhouette exact)

# Numbers are strict and range-checked; help is on stdout with exit 0.
expect_failure(2 "chemin-kmeans: --k takes a whole number from 1 to 1000000 (got '-1') (see chemin-kmeans --help)"
               --input ${X} --k -1)
expect_failure(2 "chemin-kmeans: --seed takes a whole number from 0 to 18446744073709551615 (got '18446744073709551616') (see chemin-kmeans --help)"
               --input ${X} --k 3 --seed 18446744073709551616)
expect_failure(2 "chemin-kmeans: --choose-k takes a range LOW..HIGH with 1 <= LOW <= HIGH <= 1000, e.g. 2..10 (got '2..99999999999') (see chemin-kmeans --help)"
               --input ${X} --choose-k 2..99999999999)
expect_failure(2 "chemin-kmeans: --seed needs a value (see chemin-kmeans --help)"
               --input ${X} --k 3 --seed)
expect_failure(2 "chemin-kmeans: give exactly one of --k, --labels (with --silhouette) or --choose-k (see chemin-kmeans --help)"
               --input ${X} --k 3 --choose-k 2..4)
expect_success("^RESULT inertia=[0-9.]+ kmeans_seconds=[0-9.]+ iterations=[0-9]+$"
               --input=${X} --k=4 --seed 18446744073709551615)
execute_process(COMMAND ${PROGRAM} --help RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT out MATCHES "usage: chemin-kmeans" OR NOT out MATCHES "--n-init N +k-means restarts; the lowest inertia wins \\(default: 10\\)")
  message(FATAL_ERROR "chemin-kmeans --help: exit ${code}, output:\n${out}${err}")
endif()
