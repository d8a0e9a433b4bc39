#include "gui/review/review_model.hpp"

#include "store/session_store.hpp"

namespace isokin::gui {

std::size_t ReviewSession::sample_bytes() const {
  std::size_t bytes = 0;
  for (const auto& t : trials) {
    const auto& s = t->trial.samples;
    bytes += (s.time_s.size() + s.torque_nm.size() + s.angle_deg.size() + s.velocity_deg_s.size() +
              s.host_time_s.size()) * sizeof(double);
  }
  return bytes;
}

std::unique_ptr<ReviewSession> make_review_session(Session session, std::string name) {
  auto review = std::make_unique<ReviewSession>();
  review->name = std::move(name);
  review->analysis = analysis::analyze_session(session, analysis::AnalysisOptions{});
  review->info = std::move(session.info);
  for (auto& trial : session.trials) {
    auto t = std::make_unique<ReviewTrial>();
    t->trial = std::move(trial);
    const auto& s = t->trial.samples;
    t->time = MinMaxPyramid(s.time_s);
    t->torque = MinMaxPyramid(s.torque_nm);
    t->angle = MinMaxPyramid(s.angle_deg);
    t->velocity = MinMaxPyramid(s.velocity_deg_s);
    for (const auto& a : review->analysis.trials)
      if (a.id == t->trial.info.id) t->analysis = &a;
    if (t->analysis != nullptr)
      for (const auto& effort : t->analysis->efforts)
        for (const auto& rep : effort.reps)
          if (rep.peak_index < s.size()) {
            t->peak_time_s.push_back(s.time_s[rep.peak_index]);
            t->peak_torque_nm.push_back(s.torque_nm[rep.peak_index]);
          }
    review->trials.push_back(std::move(t));
  }
  return review;
}

std::unique_ptr<ReviewSession> load_review_session(const std::filesystem::path& file) {
  auto review = make_review_session(store::read_session(file), file.filename().string());
  review->file = file;
  return review;
}

}  // namespace isokin::gui
