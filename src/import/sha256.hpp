// SHA-256 (FIPS 180-4) of a file's bytes, for the provenance of an imported trial: the
// session file names the exact export it came from, and an archive re-run recognises
// files it already imported.
#pragma once

#include <string>
#include <string_view>

namespace isokin::import {

std::string sha256_hex(std::string_view bytes);  // 64 lower-case hex digits

}  // namespace isokin::import
