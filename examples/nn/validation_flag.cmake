# mnist_cnn --validation N holds the last N training images out of training and measures the trained
# network on them. Run by CTest: cmake -DPROGRAM=<path to mnist_cnn> -P validation_flag.cmake
#  1. On the 0s and 1s (12,665 training images), --validation 12000 trains on the first 665 only: the
#     header line says so, the program reports the held-out accuracy, and the RESULT line ends with
#     validation_accuracy= (high: 0 against 1 is easy even from 665 images).
#  2. Holding out every training image is refused with one clear line on stderr, and exit code 1.
execute_process(COMMAND "${PROGRAM}" --digits 0,1 --epochs 1 --validation 12000 --quiet
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL "0")
  message(FATAL_ERROR "mnist_cnn --validation 12000: exit ${code}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT out MATCHES "; 665 training and 2115 test images;")
  message(FATAL_ERROR "mnist_cnn --validation 12000 did not train on 665 images:\n${out}")
endif()
if(NOT out MATCHES "validation \\(the last 12000 training images, held out\\): accuracy ")
  message(FATAL_ERROR "mnist_cnn --validation 12000 printed no validation line:\n${out}")
endif()
if(NOT out MATCHES "\nRESULT test_accuracy=[0-9.]+ [^\n]* validation_accuracy=(0\\.9[0-9]+|1\\.0000)\n$")
  message(FATAL_ERROR "mnist_cnn --validation 12000: no RESULT line ending with validation_accuracy >= 0.9:\n${out}")
endif()
execute_process(COMMAND "${PROGRAM}" --digits 0,1 --epochs 1 --validation 12665
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL "1" OR NOT err STREQUAL "error: --validation 12665 leaves no image to train on (there are 12665 training images)\n")
  message(FATAL_ERROR "mnist_cnn --validation 12665: exit ${code}, stderr [${err}]")
endif()
message(STATUS "mnist_cnn --validation: trains on the rest, reports the held-out accuracy, refuses to hold out everything")
