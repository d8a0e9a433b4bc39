// The bytes a batch worker sends back for one file: what goes in comes out, and bytes
// that are not a whole message are refused, never read past.
#include <gtest/gtest.h>

#include "batch/file_rows_wire.hpp"
#include "model/error.hpp"

using namespace isokin;
using namespace isokin::batch;

namespace {
FileAnalysis sample() {
  FileAnalysis a;
  a.date = "2026-11-30";
  a.tables.efforts = {{"subject_id", "peak_torque_nm", "note"},
                      {{"S1", "201.25", ""}, {"S1", "", "comma, \"quote\"\nline break \xC3\xA9"}}};
  a.tables.ratios = {{"subject_id"}, {}};
  a.tables.bilateral = {{}, {}};
  a.tables.bilateral.rows.push_back({});  // a row of no cell
  return a;
}
}  // namespace

TEST(FileRowsWire, EncodeThenDecode_SameDateColumnsAndCells) {
  const FileAnalysis in = sample();
  const FileAnalysis out = decode_file_rows(encode_file_rows(in));
  EXPECT_EQ(out.date, in.date);
  EXPECT_EQ(out.tables.efforts.columns, in.tables.efforts.columns);
  EXPECT_EQ(out.tables.efforts.rows, in.tables.efforts.rows);
  EXPECT_EQ(out.tables.ratios.columns, in.tables.ratios.columns);
  EXPECT_TRUE(out.tables.ratios.rows.empty());
  EXPECT_EQ(out.tables.bilateral.rows, in.tables.bilateral.rows);
}

TEST(FileRowsWire, CutShortOrTrailingBytes_Refused) {
  const std::string bytes = encode_file_rows(sample());
  for (std::size_t n = 0; n < bytes.size(); ++n)
    EXPECT_THROW(decode_file_rows(std::string_view(bytes).substr(0, n)), Error) << n;
  EXPECT_THROW(decode_file_rows(bytes + "x"), Error);
}

TEST(FileRowsWire, HugeCount_RefusedWithoutAllocating) {
  std::string bytes = encode_file_rows(sample());
  // The date's length is the first four bytes; the efforts' column count follows the date.
  const std::size_t columns_at = 4 + sample().date.size();
  bytes[columns_at] = bytes[columns_at + 1] = bytes[columns_at + 2] = bytes[columns_at + 3] = '\xff';
  EXPECT_THROW(decode_file_rows(bytes), Error);
}
