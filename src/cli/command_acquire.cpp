// `isokin acquire`: record trials from a device (simulator, serial, USB, replay) into a
// session file through the recording service (src/recording), one trial after another,
// each until its duration, its repetitions, the device finishing or leaving, or Ctrl-C.
// The file is replaced only by a whole new one (store::SessionFileSink).
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
#include "cli/option_ranges.hpp"
#include "cli/output_names.hpp"
#include "device/acquisition/trial_acquisition.hpp"
#include "device/device.hpp"
#include "device/transports/protocol_device.hpp"
#include "model/calendar_date.hpp"
#include "model/error.hpp"
#include "recording/protocol_plan.hpp"
#include "recording/recording_service.hpp"
#include "recording/trial_id.hpp"
#include "session_protocol/test_protocol.hpp"
#include "store/session_file_sink.hpp"

namespace isokin::cli {
namespace {

namespace fs = std::filesystem;

struct AcquireOptions {
  std::string device_uri;
  std::string out;
  std::string protocol_file;
  std::string subject = "anonymous";
  std::string subject_given;  // --subject, when given (--append checks it against the file)
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
  std::string involved;  // --involved left|right|none; else the protocol's injured_side
  bool force = false;
  bool append = false;
  std::string redo;                // trial id to record again
  double reconnect_timeout_s = 15;
  bool quiet = false;
  std::vector<std::string> trial_options_given;  // --mode, --velocity, ... (a protocol sets those)
};

using recording::PlannedTrial;

bool given(const AcquireOptions& o, const char* name) {
  for (const auto& g : o.trial_options_given)
    if (g == name) return true;
  return false;
}

std::string local_time(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

// The trial's settings: the options given, else those of the trial a replay plays
// back or a --redo records again, else the defaults (con-con 60 deg/s, left).
ProtocolTrial trial_from_options(const AcquireOptions& o, const std::optional<TrialInfo>& recorded) {
  ProtocolTrial t;
  if (recorded) {
    t.side = recorded->side;
    t.mode = recorded->mode;
    t.velocity_ext_deg_s = recorded->velocity_ext_deg_s;
    t.velocity_flex_deg_s = recorded->velocity_flex_deg_s;
    t.reps = recorded->reps_requested;
    if (recorded->rom_min_deg != 0 || recorded->rom_max_deg != 0) {
      t.rom_min_deg = recorded->rom_min_deg;
      t.rom_max_deg = recorded->rom_max_deg;
    }
  } else {
    t.velocity_ext_deg_s = t.velocity_flex_deg_s = 60;
  }
  if (given(o, "--mode") || !recorded) {
    const auto mode = parse_test_mode(o.mode);
    if (!mode) throw InputError(fmt::format("--mode: '{}' is not one of con-con, ecc-ecc, con-ecc, isometric, passive", o.mode));
    t.mode = *mode;
  }
  if (given(o, "--side") || !recorded) {
    const auto side = parse_side(o.side);
    if (!side) throw InputError(fmt::format("--side: '{}' is not left or right", o.side));
    t.side = *side;
  }
  if (o.velocity && (o.velocity_ext || o.velocity_flex)) {
    throw InputError("--velocity: give either --velocity or --velocity-ext with --velocity-flex, not both");
  }
  if (o.velocity_ext.has_value() != o.velocity_flex.has_value()) {
    throw InputError("--velocity-ext and --velocity-flex go together");
  }
  if (o.velocity) t.velocity_ext_deg_s = t.velocity_flex_deg_s = *o.velocity;
  if (o.velocity_ext) t.velocity_ext_deg_s = *o.velocity_ext;
  if (o.velocity_flex) t.velocity_flex_deg_s = *o.velocity_flex;
  if (given(o, "--reps") || !recorded) t.reps = o.reps;
  if (!o.trial_id.empty()) t.trial_id = o.trial_id;
  return t;
}

recording::TrialPlan plan_for(const ProtocolTrial& trial, std::string id, const AcquireOptions& o) {
  std::optional<LimbGravity> gravity;
  if (o.gravity_torque_nm) gravity = LimbGravity{*o.gravity_torque_nm, *o.gravity_angle_deg};
  return recording::plan_trial(trial, std::move(id), o.duration_s, gravity);
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

store::SessionFileMode file_mode(const AcquireOptions& o) {
  if (o.append + !o.redo.empty() + o.force > 1) throw InputError("--force, --append and --redo: give one of them");
  if (!o.redo.empty()) return store::SessionFileMode::redo;
  if (o.append) return store::SessionFileMode::append;
  return o.force ? store::SessionFileMode::replace : store::SessionFileMode::create;
}

void record_plan(recording::RecordingService& service, store::SessionFileSink& file,
                 const std::vector<PlannedTrial>& plan, const AcquireOptions& o, double rate_hz, double rest_factor,
                 std::string& failure) {
  for (const PlannedTrial& trial : plan) {
    if (interrupted()) break;
    recording::TrialControls controls;
    controls.reconnect_timeout_s = o.reconnect_timeout_s;
    controls.should_stop = [] { return interrupted(); };
    controls.on_recording = [&](const TrialInfo& info) {
      if (o.quiet) return;
      fmt::print("trial {}: recording{}{}\n", info.id,
                 trial.plan.duration_s ? fmt::format(" for {:g} s", *trial.plan.duration_s) : std::string(),
                 info.reps_requested > 0 ? fmt::format(", {} repetitions", info.reps_requested) : std::string());
      std::fflush(stdout);
    };
    const recording::TrialOutcome outcome = service.record(file, trial.plan, controls);
    if (outcome.recorded && outcome.result) {
      fmt::print("trial {}: {} samples recorded for {}\n", outcome.trial_id, outcome.result->samples, o.out);
      print_counts(*outcome.result, rate_hz);
    }
    if (outcome.failed()) {
      const std::string line = recording::headline(outcome, o.reconnect_timeout_s);
      fmt::print("trial {}: {}\n", outcome.trial_id, line);
      if (failure.empty()) failure = line;
    }
    std::fflush(stdout);
    // A fault or a device that left ends the session; a failed STOP does not (the
    // trial is whole, the next START tells whether the device goes on).
    if (!outcome.fault.empty() || outcome.device_gone()) break;
    rest(trial.rest_s * rest_factor, o.quiet);
  }
}

void run_acquire(const AcquireOptions& o) {
  if (o.gravity_torque_nm.has_value() != o.gravity_angle_deg.has_value()) {
    throw InputError("--gravity-torque and --gravity-angle go together");
  }
  if (!o.date.empty()) check_existing_date(o.date, "--date");
  const store::SessionFileMode mode = file_mode(o);
  std::optional<TestProtocol> protocol;
  if (!o.protocol_file.empty()) {
    if (!o.trial_options_given.empty()) {
      throw InputError(fmt::format("{}: the protocol sets the trials; drop {}", o.protocol_file,
                                   fmt::join(o.trial_options_given, ", ")));
    }
    if (!o.redo.empty()) throw InputError(fmt::format("--redo {}: records one trial; drop --protocol", o.redo));
    protocol = load_test_protocol(o.protocol_file);
  }

  SessionInfo session;
  session.subject.id = o.subject;
  session.subject.body_mass_kg = o.body_mass_kg;
  session.date = o.date.empty() ? local_time("%Y-%m-%d") : o.date;
  if (protocol) {
    session.protocol = protocol->name;
    if (protocol->injured_side) session.involved = *protocol->injured_side == Side::left ? InvolvedSide::left : InvolvedSide::right;
  }
  if (!o.involved.empty()) session.involved = parse_involved_side(o.involved).value_or(InvolvedSide::unknown);

  // The file is checked before the device is touched; nothing is written to it until
  // the session ends with samples (then the whole new file replaces it).
  store::SessionFileSink file(o.out, mode, session, o.redo);
  if ((mode == store::SessionFileMode::append || mode == store::SessionFileMode::redo) &&
      !o.subject_given.empty() && file.session().subject.id != o.subject) {
    throw InputError(fmt::format("{}: belongs to subject '{}', not '{}'", o.out, file.session().subject.id, o.subject));
  }

  device::DeviceOptions device_options;
  if (protocol) device_options.simulator_defaults = protocol->simulator;
  const double rest_factor = recording::rest_scale(o.device_uri);
  recording::RecordingService service(recording::make_device(o.device_uri, device_options));
  const device::DeviceHello hello = service.open();
  if (!o.quiet) {
    fmt::print("device {}: model {}, serial {}, firmware {}, {:g} Hz\n", o.device_uri, hello.model, hello.serial,
               hello.firmware, hello.rate_hz);
    // What the serial driver granted for latency (FTDI adapters burst every 16 ms otherwise).
    if (const auto* serial = dynamic_cast<const device::ProtocolDevice*>(&service.device())) {
      if (const auto note = serial->latency_note(); !note.empty()) fmt::print("link: {}\n", note);
    }
  }

  std::vector<PlannedTrial> plan;
  std::vector<std::string> taken = file.trial_ids();
  const std::size_t first_number = taken.size() + 1;
  if (protocol) {
    std::optional<LimbGravity> gravity;
    if (o.gravity_torque_nm) gravity = LimbGravity{*o.gravity_torque_nm, *o.gravity_angle_deg};
    plan = recording::plan_protocol(*protocol, taken, o.duration_s, gravity);
  } else {
    const std::optional<TrialInfo> recorded = file.redone_trial() ? file.redone_trial() : service.device().recorded_trial();
    PlannedTrial p;
    p.trial = trial_from_options(o, recorded);
    const std::string id = !o.redo.empty() ? o.redo : recording::new_trial_id(first_number, p.trial, taken);
    p.plan = plan_for(p.trial, id, o);
    plan.push_back(p);
  }

  if (!o.quiet) {
    fmt::print("recording into {} (it becomes {} when the session ends; `isokin recover` it if killed)\n",
               file.working_file().string(), o.out);
    std::fflush(stdout);
  }
  install_interrupt_handler();
  std::string failure;  // what ends the command with exit 1, once the file is safe
  try {
    record_plan(service, file, plan, o, hello.rate_hz, rest_factor, failure);
  } catch (...) {
    // A file error mid-session: keep the trials finished so far where they can be kept.
    try {
      file.commit();
    } catch (const std::exception&) {
      // the first error is the one to report
    }
    throw;
  }
  service.close();
  if (file.commit()) {
    fmt::print("{}: complete ({} samples recorded in this run)\n", o.out, file.samples_recorded());
  } else {
    fmt::print(stderr, "{}: nothing recorded; {}\n", o.out,
               std::filesystem::exists(o.out) ? "the file is as it was" : "no file written");
  }
  if (!failure.empty()) throw device::DeviceError(failure);
  if (interrupted()) fmt::print("interrupted: the file holds everything recorded until then\n");
}

void setup(CLI::App& isokin) {
  auto options = std::make_shared<AcquireOptions>();
  auto* cmd = isokin.add_subcommand("acquire", "Record trials from a device into a session file");
  cmd->add_option("--device", options->device_uri, "Device URI: sim://?..., serial:///dev/ttyUSB0?..., usb://VID:PID, replay://FILE.h5")
      ->required();
  cmd->add_option("--out", options->out, "Session file to write (HDF5)")->required()->check(output_extension({".h5", ".hdf5"}));
  cmd->add_option("--protocol", options->protocol_file, "Protocol file (samples/protocols/*.toml): its trials in turn");
  cmd->add_option("--subject", options->subject, "Pseudonymous subject id (default: anonymous; --append: the file's)");
  cmd->add_option("--body-mass", options->body_mass_kg, "Body mass, kg")->check(range(kBodyMassKg));
  cmd->add_option("--date", options->date, "Session date YYYY-MM-DD (default: today)");
  cmd->add_option("--duration", options->duration_s,
                  "Stop after this many seconds of device time (or of wall-clock time, 1 s later)")
      ->check(range(kDurationS));
  cmd->add_option("--mode", options->mode, "con-con, ecc-ecc, con-ecc, isometric or passive");
  cmd->add_option("--velocity", options->velocity, "Preset velocity both ways, deg/s (default 60)")
      ->check(range(kVelocityDegS));
  cmd->add_option("--velocity-ext", options->velocity_ext, "Extension velocity, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--velocity-flex", options->velocity_flex, "Flexion velocity, deg/s")->check(range(kVelocityDegS));
  cmd->add_option("--reps", options->reps, "Repetitions (0 = until the duration or Ctrl-C)")->check(range(kRepetitions));
  cmd->add_option("--side", options->side, "left or right");
  cmd->add_option("--trial-id", options->trial_id, "Trial id (default NN-side-mode-velocity)");
  cmd->add_option("--gravity-torque", options->gravity_torque_nm, "Limb-weight torque, N·m")->check(range(kGravityTorqueNm));
  cmd->add_option("--gravity-angle", options->gravity_angle_deg, "Angle the limb was weighed at, deg")
      ->check(range(kGravityAngleDeg));
  cmd->add_option("--involved", options->involved,
                  "Involved (injured, operated) limb: left, right or none; stored in the session (default: the "
                  "protocol's injured_side, else unknown)")
      ->check(CLI::IsMember({"left", "right", "none"}));
  cmd->add_flag("--force", options->force, "Replace an existing output file (only once the new one is complete)");
  cmd->add_flag("--append", options->append, "Add the trials to an existing session file (atomically)");
  cmd->add_option("--redo", options->redo, "Record trial ID of an existing session file again, replacing it "
                                             "(its settings are the default; atomically)");
  cmd->add_option("--reconnect-timeout", options->reconnect_timeout_s,
                  "End a trial whose device has been gone or silent this many seconds (0 = wait forever)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_flag("--quiet", options->quiet, "Print only the results");
  cmd->callback([options, cmd] {
    for (const char* name : {"--mode", "--velocity", "--velocity-ext", "--velocity-flex", "--reps", "--side", "--trial-id"}) {
      if (cmd->count(name) > 0) options->trial_options_given.emplace_back(name);
    }
    if (cmd->count("--subject") > 0) options->subject_given = options->subject;
    run_acquire(*options);
  });
}

const CommandRegistration registration{"acquire", &setup};

}  // namespace
}  // namespace isokin::cli
