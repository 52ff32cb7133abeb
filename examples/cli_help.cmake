# Every command-line program of the examples answers the same way (examples/common/arguments.hpp):
#   PROGRAM --help      exit 0, stdout starts "usage: NAME", lists "-h, --help"
#   PROGRAM --bogus     exit 2, stderr "NAME: unknown flag --bogus (see NAME --help)"
# Run by CTest: cmake -DPROGRAM=<path> -DNAME=<program name> -P cli_help.cmake
execute_process(COMMAND "${PROGRAM}" --help RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL "0" OR NOT out MATCHES "^usage: ${NAME}" OR NOT out MATCHES "-h, --help +print this help and exit" OR NOT err STREQUAL "")
  message(FATAL_ERROR "${NAME} --help: exit ${code}\nstdout:\n${out}\nstderr:\n${err}")
endif()
execute_process(COMMAND "${PROGRAM}" --bogus RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL "2" OR NOT err STREQUAL "${NAME}: unknown flag --bogus (see ${NAME} --help)\n")
  message(FATAL_ERROR "${NAME} --bogus: exit ${code}, stderr [${err}]")
endif()
message(STATUS "${NAME}: --help and --bogus answer as every program does")
