// Writers of a SimulatedTrial in each vendor's export layout, from the format facts
// in docs/import.md (never from a vendor's file). Each returns the file's bytes.
#pragma once

#include <string>

#include "import/csv_import.hpp"
#include "model/test_mode.hpp"
#include "simulated_session.hpp"

namespace isokin::test {

inline bool in_counted(const SimulatedTrial& sim, std::size_t i, std::size_t* which = nullptr) {
  for (std::size_t k = 0; k < sim.counted.size(); ++k)
    if (sim.counted[k].contains(i)) {
      if (which != nullptr) *which = k;
      return true;
    }
  return false;
}

// HUMAC NORM 16 columns: ft-lb unsigned, Speed signed by the leg, event marks, sentinel.
inline std::string humac16(const SimulatedTrial& sim, Side side, bool french = false) {
  std::string out = french ? "\"Statut\",\"Temps(Secondes)\",\"Position(Degr\xE9s)\",\"Couple(Pieds-Livres)\",\"Vitesse(d/s)\","
                           : "\"Status\",\"Time(Seconds)\",\"Position(Degrees)\",\"Torque(Foot-Pounds)\",\"Speed(d/s)\",";
  out += "\"End Pnt 0\",\"Pos Start\",\"Pos End\",\"Trq Start\",\"Peak Trq Start\",\"Peak Trq End\",\"Half Peak Trq\","
         "\"Stim\",\"Reaction Start\",\"Target Found\",\"Target End\"\r\n";
  const auto& s = sim.samples;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double speed = side == Side::left ? -s.velocity_deg_s[i] : s.velocity_deg_s[i];
    std::string start = "\"\"", end = "\"\"", end_pnt = "\"\"";
    std::size_t k = 0;
    if (in_counted(sim, i, &k)) {
      if (sim.counted[k].begin == i) start = std::to_string(k / 2 + 1);
      if (sim.counted[k].end == i + 1) {
        end = std::to_string(k / 2 + 1);
        end_pnt = std::to_string(k);
      }
    }
    out += "\"5\"," + humac_num(s.time_s[i] + 0.01, 2) + "," + humac_num(s.angle_deg[i], 2) + "," +
           humac_num(std::abs(s.torque_nm[i]) / import::kNmPerFootPound, 4) + "," + humac_num(speed, 4) + "," + end_pnt +
           "," + start + "," + end + ",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n";
  }
  out += "\"0\",0,0,0,0,\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n";
  return out;
}

// HUMAC NORM 5 columns: N·m unsigned, Status 0005 (extension) / 0011 (flexion) in the repetitions.
inline std::string humac5(const SimulatedTrial& sim, Side side, bool quoted) {
  const std::string q = quoted ? "\"" : "";
  std::string out = "\"Status\",\"Time(Seconds)\",\"Position(Degrees)\",\"Torque(Newton-Meters)\",\"Speed(deg/sec)\"\n";
  const auto& s = sim.samples;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double speed = side == Side::left ? -s.velocity_deg_s[i] : s.velocity_deg_s[i];
    std::size_t k = 0;
    const std::string status = in_counted(sim, i, &k) ? (k % 2 == 0 ? "0005" : "0011") : "0001";
    out += q + status + q + "," + q + num(s.time_s[i] + 0.01) + q + "," + q + num(s.angle_deg[i]) + q + "," + q +
           num(std::abs(s.torque_nm[i])) + q + "," + q + num(speed) + q + "\n";
  }
  out += q + "0000" + q + "," + q + "0.000" + q + "," + q + "0.000" + q + "," + q + "0.000" + q + "," + q + "0.000" + q + "\n";
  return out;
}

struct CtmFacts {
  Side side = Side::right;
  Side involved = Side::left;
  bool eccentric = false;
  double weight_kg = 78.5;
  std::string date = "21.08.2025";
  long declared_samples = -1;   // -1 = the true count
  std::size_t keep_rows = 0;    // 0 = all rows
  bool with_data = true;        // false: a .CTA
};

// Con-Trex MJ .CTM: cp1252, CRLF, decimal comma in the header, markers, [data].
inline std::string contrex_ctm(const SimulatedTrial& sim, const CtmFacts& f) {
  const auto& s = sim.samples;
  std::string move1, move2;
  for (std::size_t k = 0; k < sim.counted.size(); ++k) (k % 2 == 0 ? move1 : move2) += "\t" + std::to_string(sim.counted[k].begin);
  const std::string side = f.side == Side::right ? "0\tright" : "1\tleft";
  std::string out;
  const auto line = [&](const std::string& text) { out += text + "\r\n"; };
  line("[Measurement]");
  line("samplingrate\t" + std::to_string(static_cast<int>(sim.rate_hz)) + "\tHz");
  line("samples\t" + std::to_string(f.declared_samples >= 0 ? static_cast<std::size_t>(f.declared_samples) : s.size()));
  line("date (dd/mm/yyyy)\t" + f.date);
  line("time\t14:03:22");
  line("[memo]");
  line("memo\tkontrolli, v\xE4\xE4nt\xF6 nopeus kulma");
  line("[session]");
  line("subject name\tVirtanen\tMatti");
  line("subject weight\t" + std::string(f.weight_kg == 78.5 ? "78,5" : "70,0"));
  line(std::string("involved side\t") + (f.involved == Side::left ? "1\tleft" : "0\tright"));
  line("injury date\t01.02.2025");
  line("[Configuration]");
  line("side\t" + side);
  line(f.eccentric ? "program\t64\tisokin. ballistinen eks/eks" : "program\t63\tisokin. ballistinen kons/kons");
  line("speed\t" + num(sim.speed_deg_s, 0) + "\t" + num(sim.speed_deg_s, 0));
  line("gravity\t0\toff");
  line("termination val\t" + std::to_string(sim.counted.size() / 2));
  line("pause\t120");
  line("mov1\t-5,6");
  line("torque\t500,0");
  line("[SetUp]");
  line("version\thuman kinetics 1.7.5");
  line("[filter]");
  line("[markers by index]");
  line("move 1" + move1);
  line("move 2" + move2);
  line("[system strings]");
  line("v\xE4\xE4nt\xF6\tnopeus\tkulma");
  if (!f.with_data) return out;
  line("[data]");
  line("");
  const std::size_t rows = f.keep_rows ? f.keep_rows : s.size();
  for (std::size_t i = 0; i < rows; ++i)
    line(num(s.torque_nm[i], 1) + "\t" + num(-s.velocity_deg_s[i], 1) + "\t" + num(-s.angle_deg[i], 1));
  line("0\t0\t0");
  return out;
}

// Biodex raw-data layout: a long header, then Set Rep mSec TORQUE POSITION POS_ANAT VELOCITY.
inline std::string biodex_raw(const SimulatedTrial& sim, bool gravity_corrected) {
  std::string out;
  const auto line = [&](const std::string& text) { out += text + "\r\n"; };
  line("BIODEX MEDICAL SYSTEMS - SYSTEM 4");
  line("Advantage Software v5.1.2");
  line("");
  line("Patient Name: Doe, Jane");
  line("Test Date: 08/21/2025");
  line("Weight: 165 lbs");
  line("Joint: Knee");
  line("Pattern: Extension/Flexion");
  line("Mode: Isokinetic Con/Con");
  line("Side: Left");
  line("Involved Side: Right");
  line("Speed: 60/60 deg/sec");
  line("Reps: 3");
  line("Torque units: ft-lbs");
  line(std::string("Gravity Correction: ") + (gravity_corrected ? "ON" : "OFF"));
  for (int i = 0; i < 30; ++i) line("Set-up " + std::to_string(i) + ": chair position " + std::to_string(10 + i));
  line("Test angles");
  line("90 0");
  line("");
  line("Set Rep mSec TORQUE POSITION POS_ANAT VELOCITY");
  const auto& s = sim.samples;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t k = 0;
    const std::string rep = in_counted(sim, i, &k) ? std::to_string(k / 2 + 1) : "0";
    line("1 " + rep + " " + num(s.time_s[i] * 1000, 0) + " " + num(s.torque_nm[i] / import::kNmPerFootPound, 2) + " " +
         num(100 - s.angle_deg[i], 1) + " " + num(s.angle_deg[i], 1) + " " + num(-s.velocity_deg_s[i], 1));
  }
  return out;
}

// Biodex short layout: six header lines, then time (ms), torque (N·m), position, anatomical, velocity.
inline std::string biodex_short(const SimulatedTrial& sim) {
  std::string out = "Biodex System 3 text export\nSide: Right\nMode: Isokinetic Con/Con\nSpeed: 60 deg/sec\n"
                    "Torque: N-M\nTime(ms) Torque Position Anatomical Velocity\n";
  const auto& s = sim.samples;
  for (std::size_t i = 0; i < s.size(); ++i)
    out += num(s.time_s[i] * 1000, 0) + "\t" + num(s.torque_nm[i], 2) + "\t" + num(100 - s.angle_deg[i], 1) + "\t" +
           num(s.angle_deg[i], 1) + "\t" + num(-s.velocity_deg_s[i], 1) + "\n";
  return out;
}

// IsoMed 2000 .txt: 10 columns, 1/10 units, signs opposite to isokin's, phase in column 6.
inline std::string isomed(const SimulatedTrial& sim) {
  std::string out;
  const auto& s = sim.samples;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t k = 0;
    const long phase = in_counted(sim, i, &k) ? static_cast<long>(2 * (k + 1)) : 0;
    out += num(s.time_s[i] * 1000, 0) + "\t" + num(s.angle_deg[i] * 10, 0) + "\t" + num(-s.torque_nm[i] * 10, 0) + "\t" +
           num(-s.velocity_deg_s[i] * 10, 0) + "\t0\t" + std::to_string(phase) + "\t0\t0\t0\t0\n";
  }
  return out;
}

}  // namespace isokin::test
