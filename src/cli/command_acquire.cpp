// `isokin acquire`: record trials from a device (simulator, serial, USB, replay) into a
// session file, one TrialRecorder per trial, until the duration, the repetitions,
// the device finishing, or Ctrl-C.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.hpp"
#include "device/acquisition/trial_acquisition.hpp"
#include "device/device.hpp"
#include "device/transports/device_uri.hpp"
#include "device/transports/protocol_device.hpp"
#include "model/error.hpp"
#include "session_protocol/test_protocol.hpp"
#include "store/session_store.hpp"

namespace isokin::cli {
namespace {

namespace fs = std::filesystem;

struct AcquireOptions {
  std::string device_uri;
  std::string out;
  std::string protocol_file;
  std::string subject = "anonymous";
  double body_mass_kg = std::numeric_limits<double>::quiet_NaN();
  std::string date;
  std::optional<double> duration_s;
  std::string mode = "con-con";
  std::optional<double> velocity;
  std::optional<double> velocity_ext;
  std::optional<double> velocity_flex;
  int reps = 0;
  std::string side = "left";
  std::string trial_id;
  std::optional<double> gravity_torque_nm;
  std::optional<double> gravity_angle_deg;
  bool force = false;
  bool quiet = false;
  std::vector<std::string> trial_options_given;  // --mode, --velocity, ... (a protocol sets those)
};

// One trial to record: what to ask the device and how to label the result.
struct PlannedTrial {
  ProtocolTrial trial;
  std::string id;
  device::StartRequest request;
  std::optional<double> duration_s;
  double rest_s = 0;
};

std::string local_time(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

// ISO 8601 with the offset as +hh:mm (strftime's %z has no colon).
std::string iso_now() {
  std::string s = local_time("%Y-%m-%dT%H:%M:%S%z");
  if (s.size() > 2) s.insert(s.size() - 2, ":");
  return s;
}

PlannedTrial plan_from_options(const AcquireOptions& o) {
  PlannedTrial plan;
  const auto mode = parse_test_mode(o.mode);
  if (!mode) throw InputError(fmt::format("--mode: '{}' is not one of con-con, ecc-ecc, con-ecc, isometric, passive", o.mode));
  const auto side = parse_side(o.side);
  if (!side) throw InputError(fmt::format("--side: '{}' is not left or right", o.side));
  plan.request.mode = *mode;
  plan.request.side = *side;
  plan.trial.mode = *mode;
  plan.trial.side = *side;
  if (o.velocity && (o.velocity_ext || o.velocity_flex)) {
    throw InputError("--velocity: give either --velocity or --velocity-ext with --velocity-flex, not both");
  }
  if (o.velocity_ext.has_value() != o.velocity_flex.has_value()) {
    throw InputError("--velocity-ext and --velocity-flex go together");
  }
  const double both = o.velocity.value_or(60);
  plan.request.velocity_ext_deg_s = o.velocity_ext.value_or(both);
  plan.request.velocity_flex_deg_s = o.velocity_flex.value_or(both);
  plan.request.reps = o.reps;
  plan.trial.velocity_ext_deg_s = plan.request.velocity_ext_deg_s;
  plan.trial.velocity_flex_deg_s = plan.request.velocity_flex_deg_s;
  plan.trial.reps = o.reps;
  plan.duration_s = o.duration_s;
  plan.id = o.trial_id.empty() ? default_trial_id(0, plan.trial) : o.trial_id;
  return plan;
}

std::vector<PlannedTrial> plan_from_protocol(const TestProtocol& protocol, const AcquireOptions& o) {
  std::vector<PlannedTrial> plan;
  for (std::size_t i = 0; i < protocol.trials.size(); ++i) {
    PlannedTrial p;
    p.trial = protocol.trials[i];
    p.request = to_start_request(p.trial);
    p.id = default_trial_id(i, p.trial);
    p.duration_s = o.duration_s;
    p.rest_s = i + 1 < protocol.trials.size() ? p.trial.rest_s : 0;
    plan.push_back(p);
  }
  return plan;
}

// The rest between trials passes at the simulator's speed (none at speed=0, so the
// demo runs in seconds); a real athlete on a real machine rests in real time.
double rest_scale(const std::string& uri) {
  if (!uri.starts_with("sim://")) return 1.0;
  const auto parsed = device::parse_device_uri(uri);
  const auto it = parsed.query.find("speed");
  if (it == parsed.query.end()) return 1.0;
  const double speed = std::stod(it->second);  // the simulator already checked it
  return speed > 0 ? 1.0 / speed : 0.0;
}

void rest(double seconds, bool quiet) {
  if (seconds <= 0) return;
  if (!quiet) fmt::print("rest {:.0f} s (Ctrl-C stops the session)\n", seconds);
  std::fflush(stdout);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!interrupted() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void print_counts(const device::AcquisitionResult& r, double nominal_rate_hz) {
  fmt::print("  samples {}  corrupt frames {}  lost frames {}  lost samples {}  unknown frames {}  reconnects {}\n",
             r.samples, r.counts.corrupt_frames, r.counts.lost_frames, r.counts.lost_samples, r.counts.unknown_frames,
             r.counts.reconnects);
  fmt::print("  rate {:.3f} Hz from the device clock (nominal {:g} Hz){}  repetitions {}  gaps {}  stop: {}\n",
             r.measured_rate_hz, nominal_rate_hz,
             r.host_rate_hz > 0 && r.host_rate_hz < 10 * nominal_rate_hz ? fmt::format(", {:.1f} Hz at the host", r.host_rate_hz) : std::string(),
             r.repetitions, r.gaps.size(), device::to_string(r.reason));
}

void run_acquire(const AcquireOptions& o) {
  const fs::path out = o.out;
  if (fs::exists(out)) {
    if (!o.force) throw InputError(fmt::format("{}: exists (use --force to replace it)", o.out));
    fs::remove(out);
  }
  if (o.gravity_torque_nm.has_value() != o.gravity_angle_deg.has_value()) {
    throw InputError("--gravity-torque and --gravity-angle go together");
  }
  std::optional<TestProtocol> protocol;
  if (!o.protocol_file.empty()) {
    if (!o.trial_options_given.empty()) {
      throw InputError(fmt::format("{}: the protocol sets the trials; drop {}", o.protocol_file,
                                   fmt::join(o.trial_options_given, ", ")));
    }
    protocol = load_test_protocol(o.protocol_file);
  }
  std::vector<PlannedTrial> plan = protocol ? plan_from_protocol(*protocol, o) : std::vector{plan_from_options(o)};

  SessionInfo session;
  session.subject.id = o.subject;
  session.subject.body_mass_kg = o.body_mass_kg;
  session.date = o.date.empty() ? local_time("%Y-%m-%d") : o.date;

  device::DeviceOptions device_options;
  if (protocol) {
    session.protocol = protocol->name;
    device_options.simulator_defaults = protocol->simulator;
  }
  const double rest_factor = rest_scale(o.device_uri);
  auto dev = device::open_device(o.device_uri, device_options);
  const device::DeviceHello hello = dev->open();
  if (!o.quiet) {
    fmt::print("device {}: model {}, serial {}, firmware {}, {:g} Hz\n", o.device_uri, hello.model, hello.serial,
               hello.firmware, hello.rate_hz);
    // What the serial driver granted for latency (FTDI adapters burst every 16 ms otherwise).
    if (const auto* serial = dynamic_cast<const device::ProtocolDevice*>(dev.get())) {
      if (const auto note = serial->latency_note(); !note.empty()) fmt::print("link: {}\n", note);
    }
  }

  install_interrupt_handler();
  for (std::size_t index = 0; index < plan.size(); ++index) {
    const PlannedTrial& trial = plan[index];
    if (interrupted()) break;

    TrialInfo info;
    info.id = trial.id;
    info.side = trial.request.side;
    info.mode = trial.request.mode;
    info.velocity_ext_deg_s = trial.request.velocity_ext_deg_s;
    info.velocity_flex_deg_s = trial.request.velocity_flex_deg_s;
    info.sample_rate_hz = hello.rate_hz;
    info.reps_requested = trial.request.reps;
    if (trial.request.rom_min_deg && trial.request.rom_max_deg) {
      info.rom_min_deg = *trial.request.rom_min_deg;
      info.rom_max_deg = *trial.request.rom_max_deg;
    }
    if (o.gravity_torque_nm) {
      info.gravity = LimbGravity{*o.gravity_torque_nm, *o.gravity_angle_deg};
    } else {
      info.gravity = dev->weigh_limb();
    }
    info.started_at = iso_now();
    info.source = dev->uri();
    info.device_model = hello.model;
    info.device_serial = hello.serial;
    info.device_firmware = hello.firmware;
    info.device_calibration = hello.calibration;

    store::TrialRecorder recorder(out, session, info);
    dev->start(trial.request);
    if (!o.quiet) {
      fmt::print("trial {}: recording{}{}\n", info.id,
                 trial.duration_s ? fmt::format(" for {:g} s", *trial.duration_s) : std::string(),
                 trial.request.reps > 0 ? fmt::format(", {} repetitions", trial.request.reps) : std::string());
      std::fflush(stdout);
    }
    device::AcquisitionLimits limits;
    limits.duration_s = trial.duration_s;
    limits.repetitions = trial.request.reps;
    limits.should_stop = [] { return interrupted(); };
    device::AcquisitionOptions options;
    options.nominal_rate_hz = hello.rate_hz;
    const device::AcquisitionResult result = device::acquire_trial(*dev, recorder, limits, options);
    if (!result.device_error) dev->stop();

    info.counts = result.counts;
    info.gaps = result.gaps;
    info.measured_rate_hz = result.measured_rate_hz;
    recorder.finish(info);
    fmt::print("trial {}: {} samples written to {}\n", info.id, result.samples, o.out);
    print_counts(result, hello.rate_hz);
    std::fflush(stdout);
    // The trial is finished and whole; now the device's failure ends the run.
    if (result.device_error) std::rethrow_exception(result.device_error);
    rest(trial.rest_s * rest_factor, o.quiet);
  }
  dev->close();
  if (interrupted()) fmt::print("interrupted: the file holds everything recorded until then\n");
}

void setup(CLI::App& isokin) {
  auto options = std::make_shared<AcquireOptions>();
  auto* cmd = isokin.add_subcommand("acquire", "Record trials from a device into a session file");
  cmd->add_option("--device", options->device_uri, "Device URI: sim://?..., serial:///dev/ttyUSB0?..., usb://VID:PID, replay://FILE.h5")
      ->required();
  cmd->add_option("--out", options->out, "Session file to write (HDF5)")->required();
  cmd->add_option("--protocol", options->protocol_file, "Protocol file (samples/protocols/*.toml): its trials in turn");
  cmd->add_option("--subject", options->subject, "Pseudonymous subject id");
  cmd->add_option("--body-mass", options->body_mass_kg, "Body mass, kg")->check(CLI::Range(1.0, 500.0));
  cmd->add_option("--date", options->date, "Session date YYYY-MM-DD (default: today)");
  cmd->add_option("--duration", options->duration_s, "Stop after this many seconds of device time")
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option("--mode", options->mode, "con-con, ecc-ecc, con-ecc, isometric or passive");
  cmd->add_option("--velocity", options->velocity, "Preset velocity both ways, deg/s (default 60)")
      ->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--velocity-ext", options->velocity_ext, "Extension velocity, deg/s")->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--velocity-flex", options->velocity_flex, "Flexion velocity, deg/s")->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--reps", options->reps, "Repetitions (0 = until the duration or Ctrl-C)")->check(CLI::Range(0, 10000));
  cmd->add_option("--side", options->side, "left or right");
  cmd->add_option("--trial-id", options->trial_id, "Trial id (default NN-side-mode-velocity)");
  cmd->add_option("--gravity-torque", options->gravity_torque_nm, "Limb-weight torque, N·m")->check(CLI::Range(0.0, 500.0));
  cmd->add_option("--gravity-angle", options->gravity_angle_deg, "Angle the limb was weighed at, deg")
      ->check(CLI::Range(-30.0, 150.0));
  cmd->add_flag("--force", options->force, "Replace an existing output file");
  cmd->add_flag("--quiet", options->quiet, "Print only the results");
  cmd->callback([options, cmd] {
    for (const char* name : {"--mode", "--velocity", "--velocity-ext", "--velocity-flex", "--reps", "--side", "--trial-id"}) {
      if (cmd->count(name) > 0) options->trial_options_given.emplace_back(name);
    }
    run_acquire(*options);
  });
}

const CommandRegistration registration{"acquire", &setup};

}  // namespace
}  // namespace isokin::cli
