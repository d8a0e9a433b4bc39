// SHA-256 through OpenSSL's libcrypto (Debian's libssl-dev), the same library the
// catalogue hashes session files with: no hand-written digest to keep correct.
#include "import/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace isokin::import {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 || size != 32)
    throw std::runtime_error("SHA-256: libcrypto failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

}  // namespace isokin::import
