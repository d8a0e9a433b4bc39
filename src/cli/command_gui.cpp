// `isokin gui`: the dashboard (live view and review), and its headless modes for
// tests and documentation (--screenshot, --bench-frames).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/output_names.hpp"
#include "cli/input_files.hpp"
#include "gui/app/app.hpp"
#include "model/error.hpp"

namespace isokin::cli {
namespace {

struct GuiArgs {
  std::vector<std::string> files;
  std::string device;
  bool start = false;
  std::string out;
  std::string screenshot;
  std::string layout;
  int frames = 30;
  std::string size = "1280x800";
  int bench_frames = 0;
  std::string view;
  std::string catalog;
  std::string person;
  std::string protocol;
  std::string theme = "dark";
  std::string export_dir = ".";
};

void parse_size(const std::string& text, int& width, int& height) {
  if (std::sscanf(text.c_str(), "%dx%d", &width, &height) != 2 || width < 320 || height < 240 || width > 8192 ||
      height > 8192)
    throw InputError("--size: '" + text + "' is not WIDTHxHEIGHT (from 320x240 to 8192x8192)");
}

void run(const GuiArgs& a) {
  gui::AppOptions o;
  for (const auto& f : distinct_inputs(a.files)) o.files.emplace_back(f);
  o.device_uri = a.device;
  o.start = a.start;
  o.record_file = a.out;
  o.screenshot = a.screenshot;
  o.layout = a.layout;
  if (!a.layout.empty() && a.screenshot.empty()) throw InputError("--layout goes with --screenshot");
  o.frames = a.frames;
  parse_size(a.size, o.width, o.height);
  o.bench_frames = a.bench_frames;
  o.view = a.view;
  o.person = a.person;
  o.protocol = a.protocol;
  // The Athletes tab finds the catalogue as `isokin catalog` does (docs/catalog.md).
  if (!a.catalog.empty()) ::setenv("ISOKIN_CATALOG", a.catalog.c_str(), 1);
  o.theme = gui::parse_theme(a.theme);
  o.export_dir = a.export_dir;
  if (a.start && a.device.empty()) throw InputError("--start needs --device URI");
  // Ctrl-C or SIGTERM closes the window the normal way, so a recording is finished.
  install_interrupt_handler();
  o.interrupted = [] { return interrupted(); };
  const int code = gui::run_app(o);
  if (code != 0) throw Error("the dashboard ended with an error");
}

void setup(CLI::App& isokin) {
  auto args = std::make_shared<GuiArgs>();
  CLI::App* cmd = isokin.add_subcommand("gui", "The dashboard: run a test live, review and compare sessions");
  cmd->add_option("files", args->files, "Session files (.h5) to open for review");
  cmd->add_option("--device", args->device, "Device URI for the live view (sim://, serial:///dev/ttyUSB0, usb://...)");
  cmd->add_flag("--start", args->start, "Start recording as soon as the device is connected");
  cmd->add_option("--out", args->out, "Session file the live view records into")
      ->check(output_extension({".h5", ".hdf5"}));
  cmd->add_option("--screenshot", args->screenshot, "Write the window to this PNG after --frames frames, then exit")
      ->check(output_extension({".png"}));
  cmd->add_option("--layout", args->layout, "With --screenshot: also write where the plots put their texts (JSON)")
      ->check(output_extension({".json"}));
  cmd->add_option("--frames", args->frames, "Frames to render before the screenshot (60 per second)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--size", args->size, "Window size WIDTHxHEIGHT");
  cmd->add_option("--bench-frames", args->bench_frames, "Render N frames, print frame-time statistics, exit")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--view", args->view, "First view: trial, hq, fatigue, bilateral, progress, live, athletes");
  cmd->add_option("--catalog", args->catalog, "Catalogue of the Athletes tab: sqlite:PATH or postgresql://...");
  cmd->add_option("--person", args->person, "Athletes tab: choose this person (pseudonymous id) at start");
  cmd->add_option("--protocol", args->protocol, "Live tab: the test run's protocol (samples/protocols/*.toml) at start")
      ->check(CLI::ExistingFile);
  cmd->add_option("--theme", args->theme, "dark or light");
  cmd->add_option("--export-dir", args->export_dir, "Folder for plot exports (PNG, CSV)");
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration{"gui", &setup};

}  // namespace
}  // namespace isokin::cli
