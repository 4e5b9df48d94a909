# cmake -DPROGRAM=EXE "-DARGS=a b" -DOUT=FILE -P run_to_file.cmake
# Runs EXE ARGS and writes its standard output to FILE; fails the build when EXE fails. Leak
# reports are off so that a sanitizer build can write its docs too.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${args} OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "${PROGRAM} ${ARGS} failed (${rc})")
endif()
file(RENAME ${OUT}.tmp ${OUT})
