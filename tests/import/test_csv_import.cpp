// The CSV parser against files whose true content is known.
#include <gtest/gtest.h>

#include <cmath>

#include "import/csv_import.hpp"
#include "csv_parse.hpp"

namespace isokin::import {
namespace {

using testing::error_of;
using testing::parse;

TEST(CsvImport, StandardHeader_ReadsEveryColumnExactly) {
  const auto r = parse("time_s,torque_nm,angle_deg,velocity_deg_s\n0,10.5,90,-60\n0.001,-20.25,89.94,-60.5\n");
  ASSERT_EQ(r.samples.size(), 2u);
  EXPECT_EQ(r.samples.time_s, (isokin::Column{0, 0.001}));
  EXPECT_EQ(r.samples.torque_nm, (isokin::Column{10.5, -20.25}));
  EXPECT_EQ(r.samples.angle_deg, (isokin::Column{90, 89.94}));
  EXPECT_EQ(r.samples.velocity_deg_s, (isokin::Column{-60, -60.5}));
  EXPECT_EQ(r.delimiter, ',');
  EXPECT_EQ(r.decimal, '.');
  EXPECT_EQ(r.header_line, 1u);
  EXPECT_FALSE(r.velocity_derived);
  EXPECT_DOUBLE_EQ(r.sample_rate_hz, 1000.0);
}

TEST(CsvImport, SemicolonsAndDecimalComma_Detected) {
  const auto r = parse("time_s;torque_nm;angle_deg;velocity_deg_s\r\n0,000;10,5;90;-60\r\n0,002;-3,75;89,5;-59,5\r\n");
  EXPECT_EQ(r.delimiter, ';');
  EXPECT_EQ(r.decimal, ',');
  EXPECT_EQ(r.samples.torque_nm, (isokin::Column{10.5, -3.75}));
  EXPECT_EQ(r.samples.angle_deg, (isokin::Column{90, 89.5}));
  EXPECT_DOUBLE_EQ(r.sample_rate_hz, 500.0);
}

TEST(CsvImport, TabsWithDecimalComma_Detected) {
  const auto r = parse("time_s\ttorque_nm\tangle_deg\tvelocity_deg_s\n0\t1,5\t90\t0\n0,01\t2,5\t89\t-100\n");
  EXPECT_EQ(r.delimiter, '\t');
  EXPECT_EQ(r.decimal, ',');
  EXPECT_EQ(r.samples.torque_nm, (isokin::Column{1.5, 2.5}));
}

TEST(CsvImport, SpaceAligned_Detected) {
  const auto r = parse("  time_s   torque_nm  angle_deg velocity_deg_s\n  0.000    1.5   90.0   0.0\n  0.010    2.5   89.0   -100.0\n");
  EXPECT_EQ(r.delimiter, ' ');
  EXPECT_EQ(r.samples.velocity_deg_s, (isokin::Column{0, -100}));
}

TEST(CsvImport, QuotedHeaderAndUtf8Bom_Read) {
  const auto r = parse("\xEF\xBB\xBF\"time_s\",\"torque_nm\",\"angle_deg\",\"velocity_deg_s\"\n0,1,2,3\n1,1,2,3\n");
  EXPECT_EQ(r.samples.size(), 2u);
}

// Biodex-style text export: six lines of header block, then a header naming columns
// with units in the names, tab-separated, decimal comma, ms and ft-lb.
const char* kBiodex =
    "Biodex Medical Systems\n"
    "Patient: S017\n"
    "Date: 26.11.2026 16:20\n"
    "Joint: Knee  Side: Left\n"
    "Pattern: Extension/Flexion  Mode: Isokinetic\n"
    "Speed: 60/60 deg/sec\n"
    "Time (ms)\tTorque (ft-lbs)\tPosition (deg)\tVelocity (deg/sec)\n"
    "0\t10,0\t90,0\t0,0\n"
    "5\t-7,5\t89,7\t-60,0\n"
    "10\t20,0\t89,4\t-60,0\n";

CsvOptions biodex_options() {
  CsvOptions o;
  o.columns = parse_column_map("time=Time (ms),torque=Torque (ft-lbs),angle=Position (deg),velocity=Velocity (deg/sec)");
  o.units = parse_units("time=ms,torque=ft-lb");
  return o;
}

TEST(CsvImport, BiodexHeaderBlock_FoundAndUnitsConverted) {
  const auto r = parse(kBiodex, biodex_options());
  EXPECT_EQ(r.header_line, 7u);
  EXPECT_EQ(r.first_data_line, 8u);
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_DOUBLE_EQ(r.samples.time_s[2], 0.010);
  EXPECT_DOUBLE_EQ(r.samples.torque_nm[0], 13.558179483314004);  // 10 ft-lb
  EXPECT_DOUBLE_EQ(r.samples.torque_nm[1], -10.168634612485503);  // -7.5 ft-lb
  EXPECT_DOUBLE_EQ(r.samples.angle_deg[1], 89.7);
  EXPECT_DOUBLE_EQ(r.sample_rate_hz, 200.0);
}

TEST(CsvImport, BiodexWithSkipLines_SameResult) {
  CsvOptions o = biodex_options();
  o.skip_lines = 6;
  const auto r = parse(kBiodex, o);
  EXPECT_EQ(r.header_line, 7u);
  EXPECT_EQ(r.samples.size(), 3u);
}

TEST(CsvImport, SkipLinesPastTheHeader_HeaderNotFound) {
  CsvOptions o = biodex_options();
  o.skip_lines = 2;  // the line after the skipped ones is not the header
  EXPECT_NE(error_of(kBiodex, o).find("no header line names"), std::string::npos) << error_of(kBiodex, o);
}

TEST(CsvImport, MixedUnits_RadiansMillisecondsFootPounds_Converted) {
  CsvOptions o;
  o.units = parse_units("time=ms,torque=ft-lb,angle=rad,velocity=rad/s");
  const auto r = parse("time_s,torque_nm,angle_deg,velocity_deg_s\n0,1,3.141592653589793,-1\n2,2,1.5707963267948966,0.5\n", o);
  EXPECT_DOUBLE_EQ(r.samples.time_s[1], 0.002);
  EXPECT_DOUBLE_EQ(r.samples.torque_nm[1], 2 * 1.3558179483314004);
  EXPECT_DOUBLE_EQ(r.samples.angle_deg[0], 180.0);
  EXPECT_DOUBLE_EQ(r.samples.angle_deg[1], 90.0);
  EXPECT_DOUBLE_EQ(r.samples.velocity_deg_s[0], -57.29577951308232);
}

TEST(CsvImport, ColumnsByIndexWithoutHeader_Read) {
  CsvOptions o;
  o.columns = parse_column_map("time=2,torque=4,angle=1");
  const auto r = parse("90,0.000,x,5\n89,0.001,y,6\n88,0.002,z,7\n", o);
  EXPECT_EQ(r.header_line, 0u);
  EXPECT_EQ(r.samples.torque_nm, (isokin::Column{5, 6, 7}));
  EXPECT_EQ(r.samples.angle_deg, (isokin::Column{90, 89, 88}));
  EXPECT_TRUE(r.velocity_derived);
}

TEST(CsvImport, NoVelocityColumn_DerivedByCentralDifferences) {
  // angle = 90 - 30 t^2 (deg): central differences on a parabola give the exact
  // derivative -60 t at interior samples.
  std::string text = "time_s,torque_nm,angle_deg\n";
  for (int i = 0; i <= 100; ++i) {
    const double t = i * 0.01;
    text += std::to_string(t) + ",0," + std::to_string(90 - 30 * t * t) + "\n";
  }
  const auto r = parse(text);
  ASSERT_TRUE(r.velocity_derived);
  for (int i = 1; i < 100; ++i) EXPECT_NEAR(r.samples.velocity_deg_s[i], -60 * i * 0.01, 1e-3) << i;
  EXPECT_NEAR(r.samples.velocity_deg_s[0], -0.3, 1e-3);  // one-sided at the ends
}

TEST(CsvImport, VelocityNone_DerivedEvenWhenColumnExists) {
  CsvOptions o;
  o.columns = parse_column_map("velocity=none");
  const auto r = parse("time_s,torque_nm,angle_deg,velocity_deg_s\n0,0,0,999\n1,0,10,999\n2,0,30,999\n", o);
  EXPECT_EQ(r.samples.velocity_deg_s, (isokin::Column{10, 15, 20}));
}

TEST(CsvImport, SampleRate_MedianStepIgnoresJitterAndGaps) {
  const auto r = parse("time_s,torque_nm,angle_deg,velocity_deg_s\n0,0,0,0\n0.001,0,0,0\n0.0021,0,0,0\n0.003,0,0,0\n0.0040,0,0,0\n0.5,0,0,0\n");
  EXPECT_NEAR(r.sample_rate_hz, 1000.0, 1e-6);
}

TEST(CsvImport, FlipTorque_Negates) {
  CsvOptions o;
  o.flip_torque = true;
  o.flip_velocity = true;
  const auto r = parse("time_s,torque_nm,angle_deg,velocity_deg_s\n0,5,1,60\n1,-5,2,60\n", o);
  EXPECT_EQ(r.samples.torque_nm, (isokin::Column{-5, 5}));
  EXPECT_EQ(r.samples.velocity_deg_s, (isokin::Column{-60, -60}));
}

TEST(CsvImport, BadRows_EveryOneReportedWithLineAndReason) {
  const std::string text =
      "time_s,torque_nm,angle_deg,velocity_deg_s\n"
      "0,1,2,3\n"
      "0.001,abc,2,3\n"      // line 3
      "0.002,1,2\n"          // line 4: short
      "0.003,nan,inf,3\n"    // line 5
      "\n"
      "0.004,1,2,3\n"
      "0.0035,1,2,3\n";      // line 8: backwards
  try {
    parse(text);
    FAIL() << "expected CsvError";
  } catch (const CsvError& e) {
    const std::string m = e.what();
    ASSERT_EQ(e.problems().size(), 4u) << m;
    EXPECT_NE(m.find("t.csv: 4 bad rows"), std::string::npos) << m;
    EXPECT_NE(m.find("t.csv:3: torque_nm: 'abc' is not a number"), std::string::npos) << m;
    EXPECT_NE(m.find("t.csv:4: expected at least 4 fields"), std::string::npos) << m;
    EXPECT_NE(m.find("t.csv:5: torque_nm: 'nan' is not finite; angle_deg: 'inf' is not finite"), std::string::npos) << m;
    EXPECT_NE(m.find("t.csv:8: time_s goes backwards"), std::string::npos) << m;
  }
}

TEST(CsvImport, ManyBadRows_CappedWithCount) {
  std::string text = "time_s,torque_nm,angle_deg,velocity_deg_s\n";
  for (int i = 0; i < 30; ++i) text += std::to_string(i) + ",x,1,1\n";
  try {
    parse(text);
    FAIL() << "expected CsvError";
  } catch (const CsvError& e) {
    const std::string m = e.what();
    EXPECT_EQ(e.problems().size(), 30u);
    EXPECT_EQ(std::count(m.begin(), m.end(), '\n'), 21) << m;  // summary + 20 rows + "and 10 more"
    EXPECT_NE(m.find("... and 10 more"), std::string::npos) << m;
    EXPECT_NE(m.find("t.csv:21:"), std::string::npos) << m;
    EXPECT_EQ(m.find("t.csv:22:"), std::string::npos) << m;
  }
}

TEST(CsvImport, MissingColumn_NamesItAndTheHeaderLine) {
  const std::string m = error_of("time_s,angle_deg,velocity_deg_s\n0,1,2\n1,1,2\n");
  EXPECT_NE(m.find("t.csv:1: the header has no column 'torque_nm'"), std::string::npos) << m;
  EXPECT_NE(m.find("--columns"), std::string::npos) << m;
}

TEST(CsvImport, WrongHeader_NoColumnsRecognised) {
  const std::string m = error_of("Zeit,Drehmoment,Winkel\n0,1,2\n1,1,2\n");
  EXPECT_NE(m.find("no header line names the columns time_s, torque_nm, angle_deg"), std::string::npos) << m;
}

TEST(CsvImport, MappedColumnMissing_NamesIt) {
  CsvOptions o;
  o.columns = parse_column_map("time=Time,torque=Torque,angle=Pos");
  const std::string m = error_of("Time,Torque,Angle\n0,1,2\n1,1,2\n", o);
  EXPECT_NE(m.find("no column 'Pos'"), std::string::npos) << m;
}

TEST(CsvImport, RepeatedTimeWithoutVelocity_Reported) {
  const std::string m = error_of("time_s,torque_nm,angle_deg\n0,1,2\n0,1,3\n1,1,4\n");
  EXPECT_NE(m.find("t.csv:3: time_s repeats"), std::string::npos) << m;
}

TEST(CsvImport, EmptyAndHeaderOnly_Refused) {
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  EXPECT_NE(error_of("time_s,torque_nm,angle_deg,velocity_deg_s\n0,1,2,3\n").find("at least two samples"), std::string::npos)
      << error_of("time_s,torque_nm,angle_deg,velocity_deg_s\n0,1,2,3\n");
}

TEST(CsvImport, NotNumbersAtAll_AsksForDelimiter) {
  EXPECT_NE(error_of("hello world\nthis is prose\n").find("--delimiter"), std::string::npos);
}

TEST(CsvImportOptions, BadColumnsAndUnits_Refused) {
  EXPECT_THROW(parse_column_map("torque"), InputError);
  EXPECT_THROW(parse_column_map("force=2"), InputError);
  EXPECT_THROW(parse_column_map("time=0"), InputError);
  EXPECT_THROW(parse_units("torque=kgf"), InputError);
  EXPECT_THROW(parse_units("mass=kg"), InputError);
  EXPECT_EQ(parse_units("torque=N*m").torque, TorqueUnit::nm);
  EXPECT_EQ(parse_column_map("angle=7").columns[2]->index, 7u);
}

TEST(CsvImportOptions, HugeColumnNumber_RefusedWithRangeNotOverflow) {
  try {
    parse_column_map("torque=99999999999999999999999");
    FAIL() << "a column number past any file's width was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("out of range (1 to 10000)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(parse_column_map("torque=10000").columns[1]->index, 10000u);
}

}  // namespace
}  // namespace isokin::import
