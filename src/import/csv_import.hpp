// CSV import: a vendor's text export of one trial -> the samples of a Trial.
//
// Expected layout (what `isokin` exports):  time_s,torque_nm,angle_deg,velocity_deg_s
// Common other names ("Time (ms)", "Torque [ft-lb]", "Position", "Speed") are
// recognised with the unit they state (column_header.hpp); anything else is mapped
// with a ColumnMap (--columns) and converted with Units (--units). The delimiter (comma, semicolon, tab, spaces) and the decimal mark
// are detected where unambiguous (csv_dialect.hpp); a block of lines before the
// header (Biodex's text export has six) is skipped: the header is the first line
// that names every mapped column, or the lines are skipped with skip_lines.
//
// The whole file is checked before anything is returned: every bad row is collected
// as FILE:LINE: reason, and CsvError lists them all (up to a cap). Times must not
// decrease; NaN and infinities are refused. When the file has no velocity column,
// velocity is derived from the angle by central differences (deg/s).
//
// Signs are taken as the file gives them (after unit conversion): isokin's convention
// (torque positive in extension, velocity negative in extension; protocol.md
// section 3) is never imposed silently; flip_torque / flip_velocity negate a channel.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/samples.hpp"

namespace isokin::import {

enum class Channel { time, torque, angle, velocity };
inline constexpr std::array<Channel, 4> kChannels{Channel::time, Channel::torque, Channel::angle, Channel::velocity};
std::string_view channel_name(Channel c);          // "time", "torque", "angle", "velocity"
std::string_view default_column_name(Channel c);   // "time_s", "torque_nm", "angle_deg", "velocity_deg_s"

// Which file column holds a channel: a header name (case-insensitive) or a 1-based index.
struct ColumnRef {
  std::string name;
  std::size_t index = 0;  // 1-based; 0 = by name
};

struct ColumnMap {
  // nullopt for a channel: its default name, if the header has it (velocity may be absent).
  std::array<std::optional<ColumnRef>, 4> columns;
  bool velocity_absent = false;  // "velocity=none": derive even if a column exists
};

// "time=Time,torque=Torque (Nm),angle=3" -> ColumnMap. Throws InputError naming the bad part.
ColumnMap parse_column_map(std::string_view text);

enum class TimeUnit { s, ms };
enum class TorqueUnit { nm, ft_lb };
enum class AngleUnit { deg, rad };
enum class VelocityUnit { deg_s, rad_s };

struct Units {
  TimeUnit time = TimeUnit::s;
  TorqueUnit torque = TorqueUnit::nm;
  AngleUnit angle = AngleUnit::deg;
  VelocityUnit velocity = VelocityUnit::deg_s;
  // Which channels --units named: those override a unit the file's header states.
  std::array<bool, 4> given{};
};

inline constexpr double kNmPerFootPound = 1.3558179483314004;

// "time=ms,torque=ft-lb,angle=rad,velocity=rad/s" -> Units. Throws InputError.
Units parse_units(std::string_view text);

struct CsvOptions {
  ColumnMap columns;
  Units units;
  std::optional<char> delimiter;          // ',', ';', '\t', ' '; nullopt = detect
  std::optional<char> decimal;            // '.', ','; nullopt = detect
  std::optional<std::size_t> skip_lines;  // lines before the header (or before the data without a header)
  bool flip_torque = false;
  bool flip_velocity = false;
  bool skip_bad_rows = false;  // rows with a NaN/inf or text where a number belongs are skipped and reported
  std::size_t max_reported_rows = 20;
};

struct CsvImport {
  SampleColumns samples;        // SI-ish isokin units: s, N·m, deg, deg/s
  double sample_rate_hz = 0;    // 1 / median time step
  char delimiter = ',';
  char decimal = '.';
  std::size_t header_line = 0;  // 1-based; 0 = no header line
  std::size_t first_data_line = 0;
  bool velocity_derived = false;
  Units units;                  // the units the file's numbers were read in
  std::vector<std::string> skipped_rows;  // FILE:LINE: reason, with skip_bad_rows
  std::vector<std::string> notes;         // a summary block that ended the data, the text encoding
};

// Bad rows or a bad layout. what() is the summary line followed by one
// "FILE:LINE: reason" line per problem (capped, then "... and N more").
class CsvError : public InputError {
 public:
  CsvError(const std::string& message, std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

CsvImport import_csv(const std::filesystem::path& file, const CsvOptions& options);
// The same on text in memory; `display_name` is used in messages.
CsvImport import_csv_text(std::string_view text, const std::string& display_name, const CsvOptions& options);

}  // namespace isokin::import
