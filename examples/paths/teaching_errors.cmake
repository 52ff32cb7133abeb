# Checks that the teaching examples refuse bad input with exit code 2 and one exact line on stderr.
# Run by CTest (examples/paths/CMakeLists.txt):
#   cmake -DBIN=<folder of the stage programs> -DSCRATCH=<empty scratch folder> -P teaching_errors.cmake
# Needs no MNIST: every case is a missing folder, a missing file, files that disagree or a bad flag.
foreach(required BIN SCRATCH)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "teaching_errors.cmake: pass -D${required}=...")
  endif()
endforeach()
file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}/empty")

# expect_error(<expected stderr without the final newline> <program> [args...])
function(expect_error expected program)
  execute_process(COMMAND "${BIN}/${program}" ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "2" OR NOT err STREQUAL "${expected}\n")
    message(SEND_ERROR "${program} ${ARGN}:\n  exit code ${code} (expected 2)\n  stderr:   [${err}]\n  expected: [${expected}\n]")
  else()
    message(STATUS "ok: ${program} ${ARGN} -> exit 2: ${expected}")
  endif()
endfunction()

set(no_mnist "${SCRATCH}/no_mnist_here")
expect_error("stage1: MNIST file train-images-idx3-ubyte[.gz] not found in ${no_mnist}: the folder must hold the four MNIST files (chemin's repository carries them in data/mnist)"
             stage1_train_and_record --data "${no_mnist}")
expect_error("stage4: MNIST file train-images-idx3-ubyte[.gz] not found in ${no_mnist}: the folder must hold the four MNIST files (chemin's repository carries them in data/mnist)"
             stage4_anomaly_scores --data "${no_mnist}")
expect_error("stage1_train_and_record: unknown flag --epochs (see stage1_train_and_record --help)"
             stage1_train_and_record --epochs 3)
expect_error("stage1_train_and_record: --out needs a value (see stage1_train_and_record --help)"
             stage1_train_and_record --out)
expect_error("stage2: ${SCRATCH}/empty/signatures_layer2.npy: cannot open: No such file or directory (run stage1_train_and_record first)"
             stage2_cluster_layer --signatures "${SCRATCH}/empty/signatures_layer2.npy")
expect_error("stage3: ${SCRATCH}/empty/signatures_layer1.npy: cannot open: No such file or directory (run stage1_train_and_record --out ${SCRATCH}/empty first)"
             stage3_paths_and_flows --dir "${SCRATCH}/empty")
expect_error("stage4_anomaly_scores: unknown flag --anomalies (see stage4_anomaly_scores --help)"
             stage4_anomaly_scores --anomalies 3)

# Without --data the folder comes from CHEMIN_DATA (before the repository's data/mnist), and the
# message says so.
set(ENV{CHEMIN_DATA} "${SCRATCH}/empty")
expect_error("stage1: MNIST file train-images-idx3-ubyte[.gz] not found in ${SCRATCH}/empty (from CHEMIN_DATA): the folder must hold the four MNIST files (chemin's repository carries them in data/mnist)"
             stage1_train_and_record)
unset(ENV{CHEMIN_DATA})
expect_error("stage2_cluster_layer: unexpected argument 'layer2.npy' (flags start with --) (see stage2_cluster_layer --help)"
             stage2_cluster_layer layer2.npy)

# Files that disagree: 4 signatures but 3 labels (tiny .npy files written by python3's standard library).
find_program(PYTHON3 NAMES python3 python REQUIRED)
file(MAKE_DIRECTORY "${SCRATCH}/mismatch")
execute_process(COMMAND "${PYTHON3}" -c "
import struct, sys
def npy(path, descr, shape, payload):
    header = \"{'descr': '%s', 'fortran_order': False, 'shape': %s, }\" % (descr, shape)
    header += ' ' * (63 - (10 + len(header)) % 64) + '\\n'
    open(path, 'wb').write(b'\\x93NUMPY\\x01\\x00' + struct.pack('<H', len(header)) + header.encode() + payload)
d = sys.argv[1]
for layer in (1, 2):
    npy(d + '/signatures_layer%d.npy' % layer, '<f4', '(4, 2)', struct.pack('<8f', 0, 1, 2, 3, 4, 5, 6, 7))
npy(d + '/labels.npy', '<i4', '(3,)', struct.pack('<3i', 1, 7, 7))
npy(d + '/predictions.npy', '<i4', '(3,)', struct.pack('<3i', 1, 7, 7))
" "${SCRATCH}/mismatch" RESULT_VARIABLE written)
if(NOT written STREQUAL "0")
  message(FATAL_ERROR "teaching_errors.cmake: could not write the mismatched .npy files (${written})")
endif()
expect_error("stage2: ${SCRATCH}/mismatch/signatures_layer1.npy has 4 rows but ${SCRATCH}/mismatch/labels.npy has 3 labels"
             stage2_cluster_layer --signatures "${SCRATCH}/mismatch/signatures_layer1.npy" --labels "${SCRATCH}/mismatch/labels.npy")
expect_error("stage3: layer 1 has 4 rows but labels.npy has 3"
             stage3_paths_and_flows --dir "${SCRATCH}/mismatch")
