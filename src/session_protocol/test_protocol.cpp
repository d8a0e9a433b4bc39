#include "session_protocol/test_protocol.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "device/simulator/simulator_params.hpp"
#include "model/error.hpp"

namespace isokin {
namespace {

constexpr double kMinVelocity_deg_s = 1;
constexpr double kMaxVelocity_deg_s = 500;
constexpr double kMinAngle_deg = 0;
constexpr double kMaxAngle_deg = 120;
constexpr double kMinRange_deg = 10;
constexpr int kMaxReps = 200;
constexpr double kMaxRest_s = 3600;
constexpr std::size_t kMaxIdLength = 64;

const std::set<std::string, std::less<>> kTopKeys = {"name", "description", "injured_side", "sides", "simulator",
                                                     "trials"};
const std::set<std::string, std::less<>> kTrialKeys = {"id",     "side",    "sides",  "mode",   "velocity_deg_s",
                                                       "velocity_ext_deg_s", "velocity_flex_deg_s", "reps",
                                                       "rest_s", "rom_deg", "angle_deg"};

std::string join(const std::set<std::string, std::less<>>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

std::string show_number(double v) { return fmt::format("{}", v); }

// Builds the messages: "FILE:LINE: PATH: PROBLEM".
class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const toml::node* node, std::string_view path, std::string_view problem) const {
    if (node && node->source().begin.line > 0)
      throw InputError(fmt::format("{}:{}: {}: {}", source_, node->source().begin.line, path, problem));
    throw InputError(fmt::format("{}: {}: {}", source_, path, problem));
  }

  void check_keys(const toml::table& table, std::string_view path,
                  const std::set<std::string, std::less<>>& allowed) const {
    for (auto&& [key, value] : table) {
      if (!allowed.count(key.str())) {
        const std::string full = path.empty() ? std::string(key.str()) : fmt::format("{}.{}", path, key.str());
        fail(&value, full, fmt::format("unknown key (known: {})", join(allowed)));
      }
    }
  }

  std::string string(const toml::node& node, std::string_view path) const {
    if (auto s = node.value_exact<std::string>()) return *s;
    fail(&node, path, fmt::format("must be a string (got {})", type_name(node)));
  }

  double number(const toml::node& node, std::string_view path, double lo, double hi, std::string_view unit) const {
    std::optional<double> v;
    if (node.is_integer()) v = static_cast<double>(*node.value_exact<std::int64_t>());
    if (node.is_floating_point()) v = *node.value_exact<double>();
    if (!v) fail(&node, path, fmt::format("must be a number (got {})", type_name(node)));
    if (!std::isfinite(*v) || *v < lo || *v > hi)
      fail(&node, path,
           fmt::format("must be between {} and {}{} (got {})", show_number(lo), show_number(hi), unit, show_number(*v)));
    return *v;
  }

  int integer(const toml::node& node, std::string_view path, int lo, int hi) const {
    if (!node.is_integer()) fail(&node, path, fmt::format("must be a whole number (got {})", type_name(node)));
    const std::int64_t v = *node.value_exact<std::int64_t>();
    if (v < lo || v > hi) fail(&node, path, fmt::format("must be between {} and {} (got {})", lo, hi, v));
    return static_cast<int>(v);
  }

  Side side(const toml::node& node, std::string_view path) const {
    const std::string text = string(node, path);
    if (auto s = parse_side(text)) return *s;
    fail(&node, path, fmt::format("must be \"left\" or \"right\" (got \"{}\")", text));
  }

  std::vector<Side> sides(const toml::node& node, std::string_view path) const {
    const toml::array* array = node.as_array();
    if (!array) fail(&node, path, fmt::format("must be an array of sides, e.g. [\"left\", \"right\"] (got {})", type_name(node)));
    if (array->empty()) fail(&node, path, "must name at least one side");
    std::vector<Side> out;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const Side s = side(*array->get(i), fmt::format("{}[{}]", path, i));
      for (Side seen : out)
        if (seen == s) fail(array->get(i), fmt::format("{}[{}]", path, i), fmt::format("\"{}\" given twice", to_string(s)));
      out.push_back(s);
    }
    return out;
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return id != "." && id != "..";
}

std::map<std::string, std::string> read_simulator(const Checker& check, const toml::node& node) {
  const toml::table* table = node.as_table();
  if (!table) check.fail(&node, "simulator", fmt::format("must be a table (got {})", type_name(node)));
  std::map<std::string, std::string> values;
  for (auto&& [key, value] : *table) {
    const std::string path = fmt::format("simulator.{}", key.str());
    std::string text;
    if (auto s = value.value_exact<std::string>()) text = *s;
    else if (value.is_integer()) text = std::to_string(*value.value_exact<std::int64_t>());
    else if (value.is_floating_point()) text = fmt::format("{}", *value.value_exact<double>());
    else if (value.is_boolean()) text = *value.value_exact<bool>() ? "true" : "false";
    else check.fail(&value, path, fmt::format("must be a string or a number (got {})", type_name(value)));
    values.emplace(std::string(key.str()), text);
    // Each key alone, so a bad one is reported at its own line; 'injured' and
    // 'deficit' only make sense together and are checked with the whole table below.
    if (key.str() == "injured" || key.str() == "deficit") continue;
    try {
      device::sim::parse_simulator_params({{std::string(key.str()), text}}, "");
    } catch (const InputError& e) {
      // The simulator's message is ": KEY: PROBLEM"; keep the problem.
      std::string_view msg = e.what();
      const std::string prefix = fmt::format(": {}: ", key.str());
      if (msg.substr(0, prefix.size()) == prefix) msg.remove_prefix(prefix.size());
      check.fail(&value, path, msg);
    }
  }
  try {
    device::sim::parse_simulator_params(values, "");
  } catch (const InputError& e) {
    std::string_view msg = e.what();
    if (msg.substr(0, 2) == ": ") msg.remove_prefix(2);
    check.fail(&node, "simulator", msg);
  }
  return values;
}

// One [[trials]] entry: the trial, the sides it runs on (empty: the top-level sides)
// and its `id`, if any.
struct TrialEntry {
  ProtocolTrial trial;
  std::vector<Side> sides;
  std::optional<std::string> id;
};

TrialEntry read_trial(const Checker& check, const toml::node& node, std::size_t index,
                                      const std::optional<std::vector<Side>>& top_sides) {
  const std::string path = fmt::format("trials[{}]", index);
  const toml::table* table = node.as_table();
  if (!table) check.fail(&node, path, fmt::format("must be a table (got {})", type_name(node)));
  check.check_keys(*table, path, kTrialKeys);
  const auto key = [&](std::string_view k) { return fmt::format("{}.{}", path, k); };
  const toml::node* n = nullptr;

  ProtocolTrial t;
  // Mode first: what else is allowed depends on it.
  n = table->get("mode");
  if (!n) check.fail(&node, key("mode"), "missing (one of con-con, ecc-ecc, con-ecc, isometric, passive)");
  {
    const std::string text = check.string(*n, key("mode"));
    auto mode = parse_test_mode(text);
    if (!mode)
      check.fail(n, key("mode"),
                 fmt::format("must be one of con-con, ecc-ecc, con-ecc, isometric, passive (got \"{}\")", text));
    t.mode = *mode;
  }
  const bool isometric = t.mode == TestMode::isometric;

  // Velocities.
  const toml::node* both = table->get("velocity_deg_s");
  const toml::node* ext = table->get("velocity_ext_deg_s");
  const toml::node* flex = table->get("velocity_flex_deg_s");
  if (isometric) {
    const std::pair<const char*, const toml::node*> given[] = {
        {"velocity_deg_s", both}, {"velocity_ext_deg_s", ext}, {"velocity_flex_deg_s", flex}};
    for (const auto& [k, v] : given)
      if (v) check.fail(v, key(k), "not allowed in isometric mode (the angle is held; use angle_deg)");
  } else {
    if (both && (ext || flex))
      check.fail(ext ? ext : flex, key(ext ? "velocity_ext_deg_s" : "velocity_flex_deg_s"),
                 "give either velocity_deg_s or velocity_ext_deg_s and velocity_flex_deg_s, not both");
    if (both) {
      t.velocity_ext_deg_s = t.velocity_flex_deg_s =
          check.number(*both, key("velocity_deg_s"), kMinVelocity_deg_s, kMaxVelocity_deg_s, "");
    } else if (ext && flex) {
      t.velocity_ext_deg_s = check.number(*ext, key("velocity_ext_deg_s"), kMinVelocity_deg_s, kMaxVelocity_deg_s, "");
      t.velocity_flex_deg_s =
          check.number(*flex, key("velocity_flex_deg_s"), kMinVelocity_deg_s, kMaxVelocity_deg_s, "");
    } else if (ext || flex) {
      check.fail(ext ? ext : flex, key(ext ? "velocity_flex_deg_s" : "velocity_ext_deg_s"),
                 "missing (velocity_ext_deg_s and velocity_flex_deg_s go together)");
    } else {
      check.fail(&node, key("velocity_deg_s"), "missing (the preset velocity in deg/s)");
    }
  }

  // Range of motion, or the held angle.
  if (const toml::node* a = table->get("angle_deg")) {
    if (!isometric) check.fail(a, key("angle_deg"), "only for isometric mode (use rom_deg = [min, max])");
    t.rom_min_deg = t.rom_max_deg = check.number(*a, key("angle_deg"), kMinAngle_deg, kMaxAngle_deg, " deg");
  }
  if (const toml::node* r = table->get("rom_deg")) {
    if (isometric) check.fail(r, key("rom_deg"), "not allowed in isometric mode (use angle_deg)");
    const toml::array* array = r->as_array();
    if (!array || array->size() != 2)
      check.fail(r, key("rom_deg"), "must be [min, max] in degrees of flexion, e.g. [10, 90]");
    const double lo = check.number(*array->get(0), key("rom_deg[0]"), kMinAngle_deg, kMaxAngle_deg, " deg");
    const double hi = check.number(*array->get(1), key("rom_deg[1]"), kMinAngle_deg, kMaxAngle_deg, " deg");
    if (hi - lo < kMinRange_deg)
      check.fail(r, key("rom_deg"),
                 fmt::format("max must exceed min by at least {} deg (got [{}, {}])", kMinRange_deg, show_number(lo),
                             show_number(hi)));
    t.rom_min_deg = lo;
    t.rom_max_deg = hi;
  }

  if (isometric && !t.rom_min_deg) check.fail(&node, key("angle_deg"), "missing (the knee angle to hold, in deg)");

  n = table->get("reps");
  if (!n) check.fail(&node, key("reps"), "missing (the number of repetitions)");
  t.reps = check.integer(*n, key("reps"), 1, kMaxReps);
  if ((n = table->get("rest_s"))) t.rest_s = check.number(*n, key("rest_s"), 0, kMaxRest_s, " s");

  // Sides.
  std::vector<Side> sides;
  const toml::node* one = table->get("side");
  const toml::node* many = table->get("sides");
  if (one && many) check.fail(many, key("sides"), "give either side or sides, not both");
  if (top_sides && (one || many))
    check.fail(one ? one : many, key(one ? "side" : "sides"),
               "not allowed when the top-level 'sides' is given (it sets the side of every trial)");
  if (one) sides = {check.side(*one, key("side"))};
  else if (many) sides = check.sides(*many, key("sides"));
  else if (!top_sides) check.fail(&node, key("side"), "missing (give side, sides, or a top-level sides)");

  std::optional<std::string> id;
  if ((n = table->get("id"))) {
    id = check.string(*n, key("id"));
    if (!valid_id(*id))
      check.fail(n, key("id"),
                 fmt::format("must be 1 to {} letters, digits, '-', '_' or '.' (got \"{}\")", kMaxIdLength, *id));
  }

  return {t, sides, id};
}

// The entry on one side; an id shared by several sides gets the side appended.
ProtocolTrial on_side(const TrialEntry& entry, Side side, bool several_sides) {
  ProtocolTrial t = entry.trial;
  t.side = side;
  if (entry.id) t.trial_id = several_sides ? fmt::format("{}-{}", *entry.id, to_string(side)) : *entry.id;
  return t;
}

TestProtocol parse_table(const Checker& check, const toml::table& root) {
  check.check_keys(root, "", kTopKeys);
  TestProtocol p;
  p.source = check.source();

  const toml::node* n = root.get("name");
  if (!n) check.fail(nullptr, "name", "missing (the protocol's name)");
  p.name = check.string(*n, "name");
  if (p.name.empty()) check.fail(n, "name", "must not be empty");
  if ((n = root.get("description"))) p.description = check.string(*n, "description");
  if ((n = root.get("injured_side"))) p.injured_side = check.side(*n, "injured_side");
  std::optional<std::vector<Side>> top_sides;
  if ((n = root.get("sides"))) top_sides = check.sides(*n, "sides");
  if ((n = root.get("simulator"))) p.simulator = read_simulator(check, *n);

  n = root.get("trials");
  if (!n) check.fail(nullptr, "trials", "missing (at least one [[trials]] table)");
  const toml::array* trials = n->as_array();
  if (!trials) check.fail(n, "trials", fmt::format("must be an array of tables, [[trials]] (got {})", type_name(*n)));
  if (trials->empty()) check.fail(n, "trials", "must hold at least one trial");

  std::vector<TrialEntry> entries;
  for (std::size_t i = 0; i < trials->size(); ++i) entries.push_back(read_trial(check, *trials->get(i), i, top_sides));

  if (top_sides) {
    // Side by side: every trial on the first side, then every trial on the next, as a
    // clinic does (the athlete is positioned once per side).
    for (Side s : *top_sides)
      for (const auto& entry : entries) p.trials.push_back(on_side(entry, s, top_sides->size() > 1));
  } else {
    for (const auto& entry : entries)
      for (Side s : entry.sides) p.trials.push_back(on_side(entry, s, entry.sides.size() > 1));
  }

  std::set<std::string> ids;
  for (std::size_t i = 0; i < p.trials.size(); ++i) {
    const std::string id = default_trial_id(i, p.trials[i]);
    if (!ids.insert(id).second) check.fail(trials, "trials", fmt::format("trial id \"{}\" is used twice", id));
  }
  return p;
}

std::string velocity_label(double v) { return fmt::format("{}", v); }

}  // namespace

TestProtocol parse_test_protocol(std::string_view toml_text, std::string_view source_name) {
  const Checker check{std::string(source_name)};
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}:{}: not valid TOML: {}", source_name, e.source().begin.line,
                                 e.source().begin.column, e.description()));
  }
  return parse_table(check, root);
}

TestProtocol load_test_protocol(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open the protocol file", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(fmt::format("{}: cannot read the protocol file", file.string()));
  return parse_test_protocol(text.str(), file.string());
}

device::StartRequest to_start_request(const ProtocolTrial& trial) {
  device::StartRequest r;
  r.mode = trial.mode;
  r.velocity_ext_deg_s = trial.velocity_ext_deg_s;
  r.velocity_flex_deg_s = trial.velocity_flex_deg_s;
  r.rom_min_deg = trial.rom_min_deg;
  r.rom_max_deg = trial.rom_max_deg;
  r.reps = trial.reps;
  r.side = trial.side;
  return r;
}

std::string default_trial_id(std::size_t index, const ProtocolTrial& trial) {
  if (trial.trial_id) return *trial.trial_id;
  std::string speed;
  if (trial.mode == TestMode::isometric)
    speed = fmt::format("{}deg", velocity_label(trial.rom_min_deg.value_or(0)));  // angle_deg is required
  else if (trial.velocity_ext_deg_s == trial.velocity_flex_deg_s)
    speed = velocity_label(trial.velocity_ext_deg_s);
  else
    speed = fmt::format("{}-{}", velocity_label(trial.velocity_ext_deg_s), velocity_label(trial.velocity_flex_deg_s));
  return fmt::format("{:02}-{}-{}-{}", index + 1, to_string(trial.side), to_string(trial.mode), speed);
}

}  // namespace isokin
