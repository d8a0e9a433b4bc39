// The Live tab: device choice and HELLO, test set-up with the rest between sets, or a
// protocol from samples/protocols stepped through trial by trial (protocol_run.hpp),
// Start/Stop (Space, Esc), a rest countdown after each set, live
// traces of torque, angle and velocity, the repetition counter with each repetition's
// peak, and link health. Samples are copied from the worker once per frame.
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/live/live_session.hpp"
#include "gui/live/protocol_run.hpp"
#include "gui/plot/plot.hpp"

namespace isokin::gui {

class LiveView {
 public:
  LiveView(std::string device_uri, std::filesystem::path record_file);
  ~LiveView();

  void connect(bool start_when_connected);
  void draw();
  bool connecting() const;
  void on_recorded(std::function<void(const std::filesystem::path&)> callback) { on_recorded_ = std::move(callback); }
  // The athlete chosen in the Athletes tab: the next recordings carry their id and mass;
  // a test run takes the involved side (injury record) and offers the name for the report.
  void set_subject(const std::string& subject_id, double body_mass_kg, InvolvedSide involved = InvolvedSide::unknown,
                   const std::string& person_name = {});
  // The protocol chosen at start (`isokin gui --protocol FILE`).
  void choose_protocol(const std::filesystem::path& file);
  // A finished test run asks for its analysis (the Review tab).
  void on_show_analysis(std::function<void(const std::filesystem::path&)> callback) {
    on_show_analysis_ = std::move(callback);
  }

 private:
  void draw_device(const LiveSnapshot& snap);
  void draw_setup(const LiveSnapshot& snap);
  void draw_controls(const LiveSnapshot& snap);
  void draw_health(const LiveSnapshot& snap);
  void draw_traces();
  void update_repetitions();
  void start();
  void draw_rest();
  void draw_protocol_choice(const LiveSnapshot& snap);
  void draw_run(const LiveSnapshot& snap);
  void draw_run_finished();
  void begin_run();
  void start_run_trial();

  std::unique_ptr<LiveSession> session_;
  std::array<char, 256> uri_{};
  std::array<char, 64> subject_{};
  std::array<char, 512> file_{};
  TestSetup setup_;
  bool start_when_connected_ = false;
  LiveSnapshot snap_;
  int seen_recordings_ = 0;
  // Rest between sets: counted down from the end of each recording. It informs and
  // never blocks Start: the physiotherapist decides when the athlete is ready.
  double rest_s_ = 60;
  std::chrono::steady_clock::time_point rest_until_{};
  std::function<void(const std::filesystem::path&)> on_recorded_;
  std::function<void(const std::filesystem::path&)> on_show_analysis_;

  // The guided test run (protocol_run.hpp): the protocols offered, the one chosen,
  // the run in progress, and the Report button's state.
  std::vector<std::filesystem::path> protocol_files_;
  std::optional<TestProtocol> protocol_;
  std::filesystem::path protocol_file_;
  std::string protocol_error_;
  std::unique_ptr<ProtocolRun> run_;
  InvolvedSide involved_ = InvolvedSide::unknown;
  std::string person_name_;       // the catalogue's, for the report only
  bool name_in_report_ = false;
  std::string report_message_;

  SampleColumns live_;             // this frame's copy of the live ring
  std::size_t seen_total_ = 0;     // feed total at the last frame
  int seen_reps_ = 0;
  double rep_peak_nm_ = 0;         // largest |torque| since the last repetition ended
  std::vector<double> rep_numbers_, rep_peaks_nm_;
  PlotState torque_plot_, channels_plot_, peaks_plot_;
  std::vector<std::string> devices_;
};

}  // namespace isokin::gui
