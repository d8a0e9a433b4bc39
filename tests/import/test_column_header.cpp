// Header recognition: the names vendors and scripts give the four channels, with the
// units they state, and the whole file read through them.
#include <gtest/gtest.h>

#include "import/column_header.hpp"
#include "import/csv_import.hpp"
#include "csv_parse.hpp"

namespace isokin::import {
namespace {

using testing::error_of;
using testing::parse;

TEST(ColumnHeader, CommonNames_RecognisedWithTheirUnits) {
  struct Case {
    const char* cell;
    Channel channel;
    const char* unit;  // "" = none stated
  };
  const Case cases[] = {{"time_s", Channel::time, "s"},
                        {"Time (ms)", Channel::time, "ms"},
                        {"TIME", Channel::time, ""},
                        {"t_s", Channel::time, "s"},
                        {"torque_nm", Channel::torque, "nm"},
                        {"Torque [N·m]", Channel::torque, "N·m"},
                        {"Torque (ft-lb)", Channel::torque, "ft-lb"},
                        {"Moment", Channel::torque, ""},
                        {"angle_deg", Channel::angle, "deg"},
                        {"Position (°)", Channel::angle, "°"},
                        {"Knee Angle (rad)", Channel::angle, "rad"},
                        {"velocity_deg_s", Channel::velocity, "deg_s"},
                        {"Angular Velocity (rad/s)", Channel::velocity, "rad/s"},
                        {"Speed", Channel::velocity, ""}};
  for (const auto& c : cases) {
    const auto r = recognize_column_header(c.cell);
    ASSERT_TRUE(r.has_value()) << c.cell;
    EXPECT_EQ(r->channel, c.channel) << c.cell;
    EXPECT_EQ(r->unit.value_or(""), c.unit) << c.cell;
  }
}

TEST(ColumnHeader, OtherNames_NotRecognised) {
  for (const char* cell : {"Zeit", "angle_left", "torque limit", "Timer", "", "Rep", "Set (#)"})
    EXPECT_FALSE(recognize_column_header(cell).has_value()) << cell;
}

TEST(ColumnHeader, KnownNameWithUnknownUnit_RefusedNamingColumnAndUnit) {
  try {
    recognize_column_header("Torque (kgm)");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("'Torque (kgm)'"), std::string::npos) << m;
    EXPECT_NE(m.find("'kgm'"), std::string::npos) << m;
    EXPECT_NE(m.find("--units torque="), std::string::npos) << m;
  }
}

TEST(ColumnHeader, VendorNamesWithUnits_FileConvertedByTheHeader) {
  // 10 ft-lb = 13.558 N·m; 1.5 rad = 85.94 deg; 2 ms apart = 500 Hz; velocity derived.
  const auto r = parse("Time (ms);Torque (ft-lb);Position (rad)\n0;10;1.5\n2;-5;1.4\n4;-6;1.3\n");
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_DOUBLE_EQ(r.samples.time_s[1], 0.002);
  EXPECT_DOUBLE_EQ(r.samples.torque_nm[0], 10 * kNmPerFootPound);
  EXPECT_NEAR(r.samples.angle_deg[0], 85.943669269623484, 1e-9);
  EXPECT_TRUE(r.velocity_derived);
  EXPECT_DOUBLE_EQ(r.sample_rate_hz, 500.0);
  EXPECT_EQ(r.units.time, TimeUnit::ms);
  EXPECT_EQ(r.units.torque, TorqueUnit::ft_lb);
  EXPECT_EQ(r.units.angle, AngleUnit::rad);
}

TEST(ColumnHeader, PlainNamesAnyOrderExtraColumns_ReadInIsokinUnits) {
  const auto r = parse("Rep,Velocity,Angle,Torque,Time\n1,-60,90,100,0\n1,-60,89.94,101,0.001\n");
  EXPECT_EQ(r.samples.torque_nm, (isokin::Column{100, 101}));
  EXPECT_EQ(r.samples.angle_deg, (isokin::Column{90, 89.94}));
  EXPECT_EQ(r.samples.velocity_deg_s, (isokin::Column{-60, -60}));
  EXPECT_DOUBLE_EQ(r.sample_rate_hz, 1000.0);
}

TEST(ColumnHeader, UnitsOption_OverridesWhatTheHeaderStates) {
  CsvOptions o;
  o.units = parse_units("time=s");
  const auto r = parse("Time (ms),Torque,Angle,Velocity\n0,1,2,3\n0.5,1,2,3\n", o);
  EXPECT_DOUBLE_EQ(r.samples.time_s[1], 0.5);
}

TEST(ColumnHeader, UnknownUnitInHeader_WholeFileRefused) {
  const std::string m = error_of("Time (s),Torque (kp*m),Angle (deg)\n0,1,2\n1,1,2\n");
  EXPECT_NE(m.find("'Torque (kp*m)'"), std::string::npos) << m;
}

TEST(ColumnHeader, ExplicitColumnsMap_StillExactNames) {
  CsvOptions o;
  o.columns = parse_column_map("time=Zeit,torque=Drehmoment,angle=Winkel");
  const auto r = parse("Zeit,Drehmoment,Winkel\n0,1,2\n1,1,3\n", o);
  EXPECT_EQ(r.samples.torque_nm, (isokin::Column{1, 1}));
}

}  // namespace
}  // namespace isokin::import
