// How fast the simulator's model generates samples: the ceiling for sim://?speed=0 and
// for isokin-devsim's highest rate (which also needs the model to keep up).
#include <benchmark/benchmark.h>

#include "device/simulator/athlete_model.hpp"
#include "device/simulator/simulated_device.hpp"

namespace {

using namespace isokin;
using namespace isokin::device;

StartRequest con_con(double v) {
  StartRequest r;
  r.mode = TestMode::con_con;
  r.velocity_ext_deg_s = r.velocity_flex_deg_s = v;
  r.reps = 0;
  return r;
}

// Samples per second from AthleteModel::next() (defaults: noise, artefacts, 1 kHz).
void BM_AthleteModelNext(benchmark::State& state) {
  sim::AthleteModel model(sim::SimulatorParams{}, con_con(static_cast<double>(state.range(0))), 1);
  for (auto _ : state) benchmark::DoNotOptimize(model.next());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AthleteModelNext)->Arg(60)->Arg(300);

// The same through the Device interface at speed=0 (float conversion, vector appends).
void BM_SimulatedDeviceFastRead(benchmark::State& state) {
  auto device = make_simulated_device("sim://?speed=0", {});
  device->open();
  device->start(con_con(180));
  std::vector<DeviceSample> out;
  std::size_t total = 0;
  for (auto _ : state) {
    out.clear();
    device->read(out, std::chrono::milliseconds(10));
    total += out.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
}
BENCHMARK(BM_SimulatedDeviceFastRead);

}  // namespace

BENCHMARK_MAIN();
