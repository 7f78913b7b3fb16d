# kopilka_embed_files(OUT_VAR DIR): every file under DIR (recursively, sorted by path; not
# package.json, package-lock.json, node_modules/ or *.md) becomes bytes in a generated .cc
# defining `const std::vector<kopilka::office::WebFile>& kopilka::office::web_files()`
# (office/web_files.h), so kopilka-office carries its web admin and never reads it from disk.
function(kopilka_embed_files out_var dir)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/*)
  list(FILTER files EXCLUDE REGEX "(^|/)node_modules/|^package(-lock)?\\.json$|\\.md$")
  list(SORT files)
  set(arrays "")
  set(rows "")
  set(i 0)
  foreach(rel ${files})
    set(f ${dir}/${rel})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${f})
    file(SIZE ${f} size)
    file(READ ${f} hex HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
    # A trailing zero keeps an empty file's array legal; the size excludes it.
    string(APPEND arrays "const unsigned char f${i}[] = {${bytes}0};\n")
    string(APPEND rows "      {\"/${rel}\", std::string_view(reinterpret_cast<const char*>(f${i}), ${size})},\n")
    math(EXPR i "${i} + 1")
  endforeach()
  set(out ${CMAKE_CURRENT_BINARY_DIR}/web_files_data.cc)
  file(WRITE ${out}.tmp "// Generated from ${dir}; do not edit.\n#include \"office/web_files.h\"\n"
       "namespace kopilka::office {\nnamespace {\n${arrays}}  // namespace\n"
       "const std::vector<WebFile>& web_files() {\n  static const std::vector<WebFile> k = {\n${rows}  };\n"
       "  return k;\n}\n}  // namespace kopilka::office\n")
  configure_file(${out}.tmp ${out} COPYONLY)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
