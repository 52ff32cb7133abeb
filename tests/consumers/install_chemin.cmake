# Configures chemin alone (no tests, examples or benchmarks) and installs it into PREFIX.
file(REMOVE_RECURSE ${BINARY_DIR} ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
                        -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_INSTALL_PREFIX=${PREFIX}
                        -DCHEMIN_BUILD_TESTS=OFF -DCHEMIN_BUILD_EXAMPLES=OFF -DCHEMIN_BUILD_BENCHMARKS=OFF
                        -DCHEMIN_INSTALL=ON
                RESULT_VARIABLE configure_result)
if(NOT configure_result EQUAL 0)
  message(FATAL_ERROR "configuring chemin for install failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} RESULT_VARIABLE install_result)
if(NOT install_result EQUAL 0)
  message(FATAL_ERROR "installing chemin failed")
endif()
