#include "import/vendor_reader.hpp"

#include <array>

#include "import/vendor_formats.hpp"

namespace isokin::import {

std::span<const VendorReader* const> vendor_readers() {
  // Most specific first: IsoMed's headerless numbers would also read as a generic table.
  static const std::array<const VendorReader*, 4> kReaders{&contrex_ctm_reader(), &humac_norm_csv_reader(),
                                                           &biodex_text_reader(), &isomed_txt_reader()};
  return kReaders;
}

const VendorReader* find_vendor_reader(std::string_view text) {
  for (const VendorReader* reader : vendor_readers())
    if (reader->recognizes(text)) return reader;
  return nullptr;
}

}  // namespace isokin::import
