// Parsing CSV text as the file "t.csv", for the import tests.
#pragma once

#include <string>

#include "import/csv_import.hpp"

namespace isokin::import::testing {

inline CsvImport parse(const std::string& text, const CsvOptions& options = {}) {
  return import_csv_text(text, "t.csv", options);
}

// The InputError's message, or "(no error)".
inline std::string error_of(const std::string& text, const CsvOptions& options = {}) {
  try {
    parse(text, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace isokin::import::testing
