// isokin-devsim: a device emulator for the wire protocol (docs/protocol.md).
//
//   isokin-devsim [--port /dev/ttyS1 | --link PATH] [--format frame|line] [--sim 'rate=2000&hq=0.5']
//                 [--count N] [--log-truth FILE] [--corrupt-rate P] [--drop-rate P] [--fault-seed N]
//                 [--stall-ms-at S --stall-ms MS] [--disconnect-at S --return-after S]
//
// Without --port it creates a pseudo-terminal and prints the path a host opens (the
// slave, or --link, a symlink kept pointing at the current pty across a disconnect)
// as the first line on stdout.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "device/simulator/simulator_params.hpp"
#include "emulator.hpp"
#include "model/error.hpp"
#include "serial_endpoint.hpp"

int main(int argc, char** argv) {
  using namespace isokin;
  CLI::App app{"isokin-devsim: emulates an isokinetic dynamometer speaking the isokin wire protocol", "isokin-devsim"};
  std::string port, link, format = "frame", sim;
  double stall_at = -1, disconnect_at = -1;
  devsim::EmulatorOptions options;
  app.add_option("--port", port, "Serve on this serial port instead of a new pseudo-terminal");
  app.add_option("--link", link, "Symlink to the pty slave, kept across a disconnect and return");
  app.add_option("--format", format, "frame or line")->check(CLI::IsMember({"frame", "line"}));
  app.add_option("--sim", sim, "Simulator parameters as a sim:// query: 'rate=2000&hq=0.5&seed=7&speed=1'");
  app.add_option("--samples-per-frame", options.samples_per_frame, "Samples per SAMPLES frame (default: rate/100)")
      ->check(CLI::Range(1, 339));
  app.add_option("--count", options.count, "Stop after this many samples (then STATUS idle)");
  app.add_option("--log-truth", options.truth_file, "CSV of every sample generated and its fate (sent, corrupt, dropped, offline)");
  app.add_option("--corrupt-rate", options.corrupt_rate, "Probability that a SAMPLES frame is corrupted")->check(CLI::Range(0.0, 1.0));
  app.add_option("--drop-rate", options.drop_rate, "Probability that a SAMPLES frame is not sent")->check(CLI::Range(0.0, 1.0));
  app.add_option("--fault-seed", options.fault_seed, "Seed of the fault draws");
  app.add_option("--stall-ms-at", stall_at, "Device time (s) at which the device stalls");
  app.add_option("--stall-ms", options.stall_ms, "Length of the stall, ms (late samples then come in a burst)");
  app.add_option("--disconnect-at", disconnect_at, "Device time (s) at which the link vanishes");
  app.add_option("--return-after", options.return_after_s, "Seconds until the link returns");
  app.add_option("--linger", options.linger_s, "After --count, seconds to wait for the host to stop");
  CLI11_PARSE(app, argc, argv);

  std::signal(SIGPIPE, SIG_IGN);
  try {
    options.format = format == "line" ? devsim::WireFormat::line : devsim::WireFormat::frame;
    const std::string uri = sim.empty() ? std::string("sim://") : "sim://?" + sim;
    options.params = device::sim::parse_simulator_params(device::sim::parse_sim_uri_query(uri), "--sim");
    if (stall_at >= 0) options.stall_at_s = stall_at;
    if (disconnect_at >= 0) options.disconnect_at_s = disconnect_at;
    devsim::SerialEndpoint endpoint(port, link);
    endpoint.open();
    std::cout << endpoint.host_path() << std::endl;  // first line: what the host opens
    devsim::Emulator emulator(endpoint, options);
    emulator.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "isokin-devsim: %s\n", e.what());
    return 1;
  }
  return 0;
}
