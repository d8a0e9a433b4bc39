// libFuzzer target for the import door: any bytes, decoded as a text export, through
// format detection, the vendor reader it picks (or each reader in turn, chosen by the
// first byte) and the generic CSV path, then the plausibility check. Refusals
// (isokin::InputError) are expected; a crash, a hang, a leak or any other exception
// is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "import/csv_import.hpp"
#include "import/plausibility.hpp"
#include "import/text_decoding.hpp"
#include "import/vendor_reader.hpp"
#include "model/error.hpp"

namespace {

void check(const isokin::SampleColumns& samples) {
  try {
    isokin::import::check_plausibility(samples, "fuzz", {0, 60, 60, true});
  } catch (const isokin::InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace isokin;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::string text;
  try {
    text = import::decode_text(bytes, "fuzz").text;
  } catch (const InputError&) {
    return 0;
  }
  const auto readers = import::vendor_readers();
  const import::VendorReader* reader = import::find_vendor_reader(text);
  if (reader == nullptr && size > 0) reader = readers[data[0] % readers.size()];
  if (reader != nullptr) {
    try {
      const auto trial = reader->read(text, "fuzz", {"Lab 10_23_45 AM 60 3 Left 1.csv", Side::left, TestMode::con_con});
      for (const auto& m : trial.counted)
        if (m.end > trial.samples.size() || m.begin >= m.end) __builtin_trap();
      check(trial.samples);
    } catch (const InputError&) {
    }
  }
  try {
    import::CsvOptions options;
    options.skip_bad_rows = size > 0 && (data[size - 1] & 1);
    check(import::import_csv_text(text, "fuzz", options).samples);
  } catch (const InputError&) {
  }
  return 0;
}
