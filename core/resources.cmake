# The presets and matrix definitions compiled into the engine (embeddedResource()); the engine
# and the fuzz targets both call this, so the list lives here once.
set(RANKSCOPE_RESOURCE_FILES
  presets/test.json presets/quick.json presets/small.json presets/paper.json
  matrix/default.json)
set(RANKSCOPE_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_resources.cmake)

# Adds the rule that writes embedded_resources.cpp in the current binary folder; sets OUT_VAR.
function(rankscope_embedded_resources OUT_VAR)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_resources.cpp)
  set(inputs "")
  foreach(f ${RANKSCOPE_RESOURCE_FILES})
    list(APPEND inputs ${PROJECT_SOURCE_DIR}/resources/${f})
  endforeach()
  string(REPLACE ";" "|" list "${RANKSCOPE_RESOURCE_FILES}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}/resources "-DFILES=${list}"
            -DOUT=${out} -P ${RANKSCOPE_EMBED_SCRIPT}
    DEPENDS ${inputs} ${RANKSCOPE_EMBED_SCRIPT}
    COMMENT "Embedding presets and matrix definitions"
    VERBATIM)
  set(${OUT_VAR} ${out} PARENT_SCOPE)
endfunction()
