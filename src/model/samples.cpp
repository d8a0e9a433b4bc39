#include "model/samples.hpp"

namespace isokin {

SampleSpan SampleSpan::subspan(std::size_t offset, std::size_t count) const {
  SampleSpan s{time_s.subspan(offset, count), torque_nm.subspan(offset, count), angle_deg.subspan(offset, count),
               velocity_deg_s.subspan(offset, count), {}};
  if (!host_time_s.empty()) s.host_time_s = host_time_s.subspan(offset, count);
  return s;
}

void SampleColumns::reserve(std::size_t n) {
  time_s.reserve(n);
  torque_nm.reserve(n);
  angle_deg.reserve(n);
  velocity_deg_s.reserve(n);
}

void SampleColumns::clear() {
  time_s.clear();
  torque_nm.clear();
  angle_deg.clear();
  velocity_deg_s.clear();
  host_time_s.clear();
}

void SampleColumns::push_back(const Sample& s) {
  time_s.push_back(s.time_s);
  torque_nm.push_back(s.torque_nm);
  angle_deg.push_back(s.angle_deg);
  velocity_deg_s.push_back(s.velocity_deg_s);
}

void SampleColumns::push_back(const Sample& s, double host_time) {
  push_back(s);
  host_time_s.push_back(host_time);
}

void SampleColumns::append(const SampleSpan& span) {
  time_s.insert(time_s.end(), span.time_s.begin(), span.time_s.end());
  torque_nm.insert(torque_nm.end(), span.torque_nm.begin(), span.torque_nm.end());
  angle_deg.insert(angle_deg.end(), span.angle_deg.begin(), span.angle_deg.end());
  velocity_deg_s.insert(velocity_deg_s.end(), span.velocity_deg_s.begin(), span.velocity_deg_s.end());
  host_time_s.insert(host_time_s.end(), span.host_time_s.begin(), span.host_time_s.end());
}

SampleSpan SampleColumns::span() const { return {time_s, torque_nm, angle_deg, velocity_deg_s, host_time_s}; }

}  // namespace isokin
