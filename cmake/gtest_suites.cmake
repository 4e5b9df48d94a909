# One ctest entry per GoogleTest suite, found in the test binary itself when ctest runs, so a new
# suite can never be forgotten (a hand-kept list once left TEST(Batcher, ...) unrun). One process
# per suite, not per case: each process spends ~0.7 s loading LibTorch.
#
#   rankscope_add_gtest_suites(TARGET PREFIX [ENVIRONMENT "A=1;B=2"])
function(rankscope_add_gtest_suites target prefix)
  cmake_parse_arguments(ARG "" "" "ENVIRONMENT" ${ARGN})
  set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}_suites.cmake")
  # Evaluated by ctest (script mode) each time it runs: lists the suites and adds their tests.
  file(GENERATE OUTPUT "${script}" CONTENT "
set(exe [==[$<TARGET_FILE:${target}>]==])
set(env [==[${ARG_ENVIRONMENT}]==])
execute_process(COMMAND \"${CMAKE_COMMAND}\" -E env \${env} \"\${exe}\" --gtest_list_tests
                OUTPUT_VARIABLE listing RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  # A binary that cannot list its tests is a failed test, never a silently empty run.
  add_test([==[${prefix}.ListTests]==] \"\${exe}\" --gtest_list_tests)
  return()
endif()
string(REPLACE \"\\n\" \";\" lines \"\${listing}\")
foreach(line IN LISTS lines)
  if(line MATCHES \"^([A-Za-z0-9_/]+)\\\\.\")
    set(suite \"\${CMAKE_MATCH_1}\")
    add_test(\"${prefix}.\${suite}\" \"\${exe}\" \"--gtest_filter=\${suite}.*\")
    set_tests_properties(\"${prefix}.\${suite}\" PROPERTIES ENVIRONMENT \"\${env}\")
  endif()
endforeach()
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
endfunction()
