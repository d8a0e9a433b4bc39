#include "import/csv_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "import/column_header.hpp"
#include "import/csv_dialect.hpp"
#include "import/derive_velocity.hpp"
#include "import/text_decoding.hpp"
#include "import/text_lines.hpp"

namespace isokin::import {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr std::size_t kDialectSampleLines = 50;


bool blank(std::string_view s) { return trim(s).empty(); }

// Where each channel is in a row (0-based field index); velocity may be absent.
struct Layout {
  std::array<std::optional<std::size_t>, 4> field;
  std::size_t header_line = 0;
  std::size_t data_from = 0;  // index into lines
  std::array<std::string, 4> label;  // for messages: the column's name in the file or "column N"
  std::array<std::optional<std::string>, 4> header_unit;  // the unit a recognised header states
};

// The column whose header names `channel` ("time_s", "Time (ms)", "Position", ...),
// and the unit it states. With `quiet`, a recognised name with an unknown unit is
// passed over instead of refused (while looking for which line is the header).
std::optional<std::pair<std::size_t, std::optional<std::string>>> find_channel(
    const std::vector<std::string_view>& fields, Channel channel, bool quiet) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::optional<HeaderColumn> recognized;
    try {
      recognized = recognize_column_header(fields[i]);
    } catch (const InputError&) {
      if (!quiet) throw;
    }
    if (recognized && recognized->channel == channel) return std::pair{i, recognized->unit};
  }
  return std::nullopt;
}

std::optional<std::size_t> find_field(const std::vector<std::string_view>& fields, const std::string& name) {
  const std::string wanted = lower(name);
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (lower(fields[i]) == wanted) return i;
  return std::nullopt;
}

std::string list_fields(const std::vector<std::string_view>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size() && i < 12; ++i) out += (i ? ", " : "") + std::string(fields[i]);
  if (fields.size() > 12) out += ", ...";
  return out;
}

// Whether the row's mapped fields are all numbers (other columns may hold text).
bool mapped_numeric(const std::vector<std::string_view>& fields, const Layout& layout, char decimal) {
  bool any = false;
  for (const auto& f : layout.field) {
    if (!f) continue;
    if (*f >= fields.size() || !parse_number(fields[*f], decimal)) return false;
    any = true;
  }
  return any;
}

[[noreturn]] void layout_error(const std::string& message) { throw CsvError(message, {}); }

Layout find_layout(const std::vector<Line>& lines, std::size_t first, const Dialect& dialect, const CsvOptions& options,
                   const std::string& file) {
  Layout layout;
  // The names the header must hold (explicit names, or defaults), and fixed indices.
  std::array<std::optional<std::string>, 4> names;
  bool any_name = false;
  for (Channel c : kChannels) {
    const auto i = static_cast<std::size_t>(c);
    const auto& ref = options.columns.columns[i];
    if (c == Channel::velocity && options.columns.velocity_absent) continue;
    if (ref && ref->index > 0) {
      layout.field[i] = ref->index - 1;
      layout.label[i] = fmt::format("column {}", ref->index);
    } else {
      names[i] = ref ? ref->name : std::string(default_column_name(c));
      // A default velocity column is optional: derived from the angle when absent.
      if (ref || c != Channel::velocity) any_name = true;
    }
  }

  std::size_t header = lines.size();
  if (any_name) {
    // The header: the first line naming the time column (or, failing that, any mapped column).
    const auto names_any = [&](const std::vector<std::string_view>& fields, bool time_only) {
      for (Channel c : kChannels) {
        const auto i = static_cast<std::size_t>(c);
        if (time_only && c != Channel::time) continue;
        if (!names[i]) continue;
        if (options.columns.columns[i] ? find_field(fields, *names[i]).has_value()
                                       : find_channel(fields, c, true).has_value())
          return true;
      }
      return false;
    };
    const std::size_t last = options.skip_lines ? std::min(lines.size(), first + 1) : lines.size();
    for (int pass = 0; pass < 2 && header == lines.size(); ++pass)
      for (std::size_t l = first; l < last; ++l)
        if (names_any(split_fields(lines[l].text, dialect.delimiter), pass == 0)) {
          header = l;
          break;
        }
    if (header == lines.size()) {
      std::string wanted;
      for (const auto& n : names)
        if (n) wanted += (wanted.empty() ? "" : ", ") + *n;
      const std::string where = first < lines.size() ? fmt::format("{}:{}", file, lines[first].number) : file;
      layout_error(fmt::format("{}: no header line names the columns {} (or Time, Torque, Angle/Position, "
                               "Velocity/Speed, with units in brackets); map the file's columns with --columns "
                               "(e.g. --columns time=Time,torque=Torque,angle=Angle) or skip lines with --skip-lines",
                               where, wanted));
    }
    const auto fields = split_fields(lines[header].text, dialect.delimiter);
    for (Channel c : kChannels) {
      const auto i = static_cast<std::size_t>(c);
      if (!names[i]) continue;
      layout.label[i] = *names[i];
      if (options.columns.columns[i]) {
        layout.field[i] = find_field(fields, *names[i]);
        // A unit the mapped column's header states is honoured (unless --units names one).
        if (layout.field[i]) {
          try {
            if (const auto h = recognize_column_header(fields[*layout.field[i]]); h && h->channel == c)
              layout.header_unit[i] = h->unit;
          } catch (const InputError&) {
          }
        }
      } else if (const auto found = find_channel(fields, c, false)) {
        layout.field[i] = found->first;
        layout.label[i] = std::string(trim(fields[found->first]));
        layout.header_unit[i] = found->second;
        // One column per channel: a second column naming the same channel is refused, not passed over.
        std::vector<std::string_view> rest(fields.begin() + static_cast<std::ptrdiff_t>(found->first) + 1, fields.end());
        if (const auto twin = find_channel(rest, c, true))
          layout_error(fmt::format("{}:{}: two columns hold {}: '{}' and '{}'; keep one, or name the one to read with "
                                   "--columns {}=NAME",
                                   file, lines[header].number, channel_name(c), layout.label[i],
                                   trim(rest[twin->first]), channel_name(c)));
      }
      const bool optional_velocity = c == Channel::velocity && !options.columns.columns[i];
      if (!layout.field[i] && !optional_velocity)
        layout_error(fmt::format("{}:{}: the header has no column '{}' (it has: {}); map it with --columns {}=NAME or =INDEX",
                                 file, lines[header].number, *names[i], list_fields(fields), channel_name(c)));
    }
    layout.header_line = lines[header].number;
    layout.data_from = header + 1;
  } else if (options.skip_lines) {
    // Columns by index and lines skipped: a non-numeric first line is a header to skip.
    layout.data_from = first;
    if (first < lines.size() && !mapped_numeric(split_fields(lines[first].text, dialect.delimiter), layout, dialect.decimal)) {
      layout.header_line = lines[first].number;
      layout.data_from = first + 1;
    }
  } else {
    // Columns by index: the data start at the first line whose mapped fields are numbers.
    layout.data_from = lines.size();
    for (std::size_t l = first; l < lines.size(); ++l)
      if (mapped_numeric(split_fields(lines[l].text, dialect.delimiter), layout, dialect.decimal)) {
        layout.data_from = l;
        if (l > first) layout.header_line = lines[l - 1].number;
        break;
      }
  }
  return layout;
}

double time_factor(TimeUnit u) { return u == TimeUnit::ms ? 1e-3 : 1.0; }
double torque_factor(TorqueUnit u) { return u == TorqueUnit::ft_lb ? kNmPerFootPound : 1.0; }
double angle_factor(AngleUnit u) { return u == AngleUnit::rad ? 180.0 / kPi : 1.0; }
double velocity_factor(VelocityUnit u) { return u == VelocityUnit::rad_s ? 180.0 / kPi : 1.0; }

std::string format_problems_message(const std::string& summary, const std::vector<std::string>& problems,
                                    std::size_t cap) {
  std::string message = summary;
  for (std::size_t i = 0; i < problems.size() && i < cap; ++i) message += "\n" + problems[i];
  if (problems.size() > cap) message += fmt::format("\n... and {} more", problems.size() - cap);
  return message;
}

}  // namespace

std::string_view channel_name(Channel c) {
  static constexpr std::array<std::string_view, 4> kNames{"time", "torque", "angle", "velocity"};
  return kNames[static_cast<std::size_t>(c)];
}

std::string_view default_column_name(Channel c) {
  static constexpr std::array<std::string_view, 4> kNames{"time_s", "torque_nm", "angle_deg", "velocity_deg_s"};
  return kNames[static_cast<std::size_t>(c)];
}

CsvError::CsvError(const std::string& message, std::vector<std::string> problems)
    : InputError(message), problems_(std::move(problems)) {}

namespace {

// One CHANNEL=VALUE item of --columns or --units, its channel already checked.
struct ChannelAssignment {
  Channel channel;
  std::string key;
  std::string_view value;
};

// Splits "a=b, c=d" and names the channel of each item; both options share this grammar.
template <typename OnItem>
void for_each_channel_assignment(std::string_view text, const char* option, const char* value_name, const char* example,
                                 OnItem on_item) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = trim(text.substr(start, end - start));
    start = end + 1;
    if (part.empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string_view::npos)
      throw InputError(fmt::format("{}: '{}' is not CHANNEL={} (e.g. {})", option, part, value_name, example));
    std::string key = lower(trim(part.substr(0, eq)));
    std::optional<Channel> channel;
    for (Channel c : kChannels)
      if (key == channel_name(c)) channel = c;
    if (!channel) throw InputError(fmt::format("{}: unknown channel '{}' (time, torque, angle, velocity)", option, key));
    on_item(ChannelAssignment{*channel, std::move(key), trim(part.substr(eq + 1))});
  }
}

// A column number as typed: digits only, counted from 1, no more columns than a file can hold.
constexpr std::size_t kMaxColumnIndex = 10000;

std::size_t column_index(std::string_view digits) {
  std::size_t index = 0;
  for (char ch : digits) {
    index = index * 10 + static_cast<std::size_t>(ch - '0');
    if (index > kMaxColumnIndex)
      throw InputError(fmt::format("--columns: column {} is out of range (1 to {})", digits.substr(0, 40), kMaxColumnIndex));
  }
  if (index == 0) throw InputError("--columns: column indices count from 1");
  return index;
}

}  // namespace

ColumnMap parse_column_map(std::string_view text) {
  ColumnMap map;
  for_each_channel_assignment(text, "--columns", "COLUMN", "torque=Torque or torque=3", [&](const ChannelAssignment& item) {
    if (item.value.empty()) throw InputError(fmt::format("--columns: no column given for {}", item.key));
    if (item.channel == Channel::velocity && lower(item.value) == "none") {
      map.velocity_absent = true;
      return;
    }
    ColumnRef ref;
    if (std::all_of(item.value.begin(), item.value.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }))
      ref.index = column_index(item.value);
    else
      ref.name = std::string(item.value);
    map.columns[static_cast<std::size_t>(item.channel)] = ref;
  });
  return map;
}

Units parse_units(std::string_view text) {
  Units units;
  for_each_channel_assignment(text, "--units", "UNIT", "torque=ft-lb", [&](const ChannelAssignment& item) {
    const std::string unit = lower(item.value);
    if (!set_unit(units, item.channel, unit))
      throw InputError(fmt::format("--units: unknown {} unit '{}' ({})", item.key, unit, known_units(item.channel)));
    units.given[static_cast<std::size_t>(item.channel)] = true;
  });
  return units;
}

CsvImport import_csv(const std::filesystem::path& file, const CsvOptions& options) {
  const DecodedText decoded = decode_text(read_file_bytes(file), file.string());
  CsvImport result = import_csv_text(decoded.text, file.string(), options);
  if (decoded.encoding != "UTF-8") result.notes.insert(result.notes.begin(), "text read as " + decoded.encoding);
  return result;
}

CsvImport import_csv_text(std::string_view text, const std::string& file, const CsvOptions& options) {
  const std::vector<Line> lines = split_lines(text);
  const std::size_t first = std::min(lines.size(), options.skip_lines.value_or(0));
  std::size_t first_content = first;
  while (first_content < lines.size() && blank(lines[first_content].text)) ++first_content;

  // The dialect, from the file's last non-empty lines (the data).
  std::vector<std::string_view> sample;
  for (std::size_t l = lines.size(); l > first_content && sample.size() < kDialectSampleLines; --l)
    if (!blank(lines[l - 1].text)) sample.push_back(lines[l - 1].text);
  if (sample.empty()) layout_error(fmt::format("{}: no data (the file is empty)", file));
  // An explicit delimiter and decimal mark are obeyed, never re-detected.
  const auto dialect = options.delimiter && options.decimal
                           ? std::optional<Dialect>(Dialect{*options.delimiter, *options.decimal})
                           : detect_dialect(sample, options.delimiter, options.decimal);
  if (!dialect)
    layout_error(fmt::format("{}: cannot tell the delimiter and decimal mark: the last lines do not read as rows of "
                             "numbers with any of comma, semicolon, tab or spaces; set --delimiter and --decimal",
                             file));

  const Layout layout = find_layout(lines, first_content, *dialect, options, file);
  CsvImport result;
  result.delimiter = dialect->delimiter;
  result.decimal = dialect->decimal;
  result.header_line = layout.header_line;
  const bool has_velocity = layout.field[3].has_value();
  result.velocity_derived = !has_velocity;
  if (!has_velocity && options.flip_velocity)
    layout_error(fmt::format("{}: --flip-velocity: the file has no velocity column (velocity is derived from the angle)", file));

  std::vector<std::string> problems;
  std::vector<std::size_t> row_line;  // file line of each accepted row
  SampleColumns& s = result.samples;
  std::size_t needed = 0;
  for (const auto& f : layout.field)
    if (f) needed = std::max(needed, *f + 1);
  // Whether line l is a data row (every mapped field a number, finite or not).
  const auto data_row = [&](std::size_t l) {
    const auto fields = split_fields(lines[l].text, dialect->delimiter);
    if (fields.size() < needed) return false;
    for (const auto& f : layout.field) {
      if (!f) continue;
      std::string why;
      if (!parse_number(fields[*f], dialect->decimal, &why) && why != "not finite") return false;
    }
    return true;
  };
  for (std::size_t l = layout.data_from; l < lines.size(); ++l) {
    const Line& line = lines[l];
    if (blank(line.text)) continue;
    if (result.first_data_line == 0) result.first_data_line = line.number;
    // A block after the data that is not rows of numbers (a vendor's summary) ends the data.
    if (s.size() >= 2 && !data_row(l)) {
      bool more_data = false;
      for (std::size_t k = l + 1; k < lines.size() && !more_data; ++k) more_data = !blank(lines[k].text) && data_row(k);
      if (!more_data) {
        result.notes.push_back(fmt::format("the data end at line {}: the {} line{} after them (a summary block?) are "
                                           "not samples and were not read",
                                           row_line.back(), lines.size() - l, lines.size() - l == 1 ? "" : "s"));
        break;
      }
    }
    const auto fields = split_fields(line.text, dialect->delimiter);
    if (fields.size() < needed) {
      problems.push_back(fmt::format("{}:{}: expected at least {} fields ({}-separated), found {}", file, line.number,
                                     needed, describe(dialect->delimiter), fields.size()));
      continue;
    }
    std::array<double, 4> values{};
    std::string row_problem;
    for (std::size_t c = 0; c < 4; ++c) {
      if (!layout.field[c]) continue;
      const std::string_view field = fields[*layout.field[c]];
      std::string why;
      const auto value = parse_number(field, dialect->decimal, &why);
      if (!value) {
        row_problem += fmt::format("{}{}: '{}' is {}", row_problem.empty() ? "" : "; ", layout.label[c], field, why);
        continue;
      }
      values[c] = *value;
    }
    if (!row_problem.empty()) {
      const std::string problem = fmt::format("{}:{}: {}", file, line.number, row_problem);
      if (options.skip_bad_rows) result.skipped_rows.push_back(problem);
      else problems.push_back(problem);
      continue;
    }
    s.push_back({values[0], values[1], values[2], values[3]});
    row_line.push_back(line.number);
  }

  // Times strictly forwards.
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s.time_s[i] < s.time_s[i - 1])
      problems.push_back(fmt::format("{}:{}: {} goes backwards ({} after {})", file, row_line[i], layout.label[0],
                                     s.time_s[i], s.time_s[i - 1]));
    else if (s.time_s[i] == s.time_s[i - 1])
      problems.push_back(fmt::format("{}:{}: {} repeats ({}): time must strictly increase", file, row_line[i],
                                     layout.label[0], s.time_s[i]));
  }
  if (!problems.empty()) {
    const std::string summary = fmt::format("{}: {} bad row{}; nothing imported", file, problems.size(),
                                            problems.size() == 1 ? "" : "s");
    throw CsvError(format_problems_message(summary, problems, options.max_reported_rows), problems);
  }
  if (s.size() < 2) layout_error(fmt::format("{}: {} data row{}: a trial needs at least two samples", file, s.size(),
                                             s.size() == 1 ? "" : "s"));

  // Units (--units, else what the header states, else isokin's), then signs (only when asked).
  Units units = options.units;
  for (Channel c : kChannels) {
    const auto i = static_cast<std::size_t>(c);
    if (!units.given[i] && layout.header_unit[i]) set_unit(units, c, *layout.header_unit[i]);
  }
  result.units = units;
  const double kt = time_factor(units.time), kq = torque_factor(units.torque), ka = angle_factor(units.angle),
               kv = velocity_factor(units.velocity);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s.time_s[i] *= kt;
    s.torque_nm[i] *= kq * (options.flip_torque ? -1 : 1);
    s.angle_deg[i] *= ka;
    s.velocity_deg_s[i] *= kv * (options.flip_velocity ? -1 : 1);
  }
  // A derived velocity is d(angle)/dt: isokin's convention by construction.
  if (!has_velocity) s.velocity_deg_s = derive_velocity(s.time_s, s.angle_deg);

  std::vector<double> steps;
  steps.reserve(s.size() - 1);
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s.time_s[i] > s.time_s[i - 1]) steps.push_back(s.time_s[i] - s.time_s[i - 1]);
  if (steps.empty()) layout_error(fmt::format("{}: all samples have the same time: no sample rate", file));
  std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
  result.sample_rate_hz = 1.0 / steps[steps.size() / 2];
  return result;
}

}  // namespace isokin::import
