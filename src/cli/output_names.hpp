// Output file names are checked before anything is read or written: a name whose
// extension says another format (`report -o out.docx`) is refused by name instead of
// silently getting a PDF.
#pragma once

#include <CLI/CLI.hpp>

#include <initializer_list>
#include <string>

namespace isokin::cli {

// A CLI11 check: the file name ends with one of `extensions` (".pdf", any case).
// With allow_none, a name without an extension passes (a stem that --format completes).
CLI::Validator output_extension(std::initializer_list<const char*> extensions, bool allow_none = false);

}  // namespace isokin::cli
