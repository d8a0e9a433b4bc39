// Index of this file:
//   [SECTION] Window and context set-up (GLFW, OpenGL 3.3 core, ImGui, DPI, drops)
//   [SECTION] Frame loop (frame-rate cap, headless screenshot and bench modes)
#include "gui/app/app.hpp"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <time.h>

#include <cfloat>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "gui/app/frame_stats.hpp"
#include "gui/app/main_window.hpp"
#include "gui/app/screenshot.hpp"
#include "gui/plot/text_layout.hpp"
#include "gui/plot/plot_export.hpp"
#include "model/error.hpp"

namespace isokin::gui {
namespace {

// -----------------------------------------------------------------------------
// [SECTION] Window and context set-up
// -----------------------------------------------------------------------------

std::vector<std::filesystem::path> g_dropped;  // filled by the drop callback, drained each frame

extern "C" void on_glfw_error(int code, const char* text) { std::fprintf(stderr, "isokin gui: GLFW error %d: %s\n", code, text); }
extern "C" void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
}

struct PendingCapture {
  ImVec2 min, max;
  std::filesystem::path file;
};

class GlfwSession {
 public:
  GlfwSession() {
    glfwSetErrorCallback(on_glfw_error);
    if (glfwInit() == GLFW_FALSE) throw Error("cannot initialise GLFW (is DISPLAY set? run under xvfb-run for headless use)");
  }
  ~GlfwSession() { glfwTerminate(); }
  GlfwSession(const GlfwSession&) = delete;
  GlfwSession& operator=(const GlfwSession&) = delete;
};

// CPU time of this thread: the frame-build figure must not count time the scheduler
// gave to other processes (the machine is shared) or to the device worker thread.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

}  // namespace

// -----------------------------------------------------------------------------
// [SECTION] Frame loop
// -----------------------------------------------------------------------------

int run_app(const AppOptions& options) {
  GlfwSession glfw;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "isokin", nullptr, nullptr);
  if (window == nullptr) throw Error("cannot open a window with an OpenGL 3.3 core context");
  glfwSetWindowPos(window, 0, 0);  // tests drive the window with xdotool in screen coordinates
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  glfwSetDropCallback(window, on_drop);

  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(window, &scale_x, &scale_y);
  const float scale = std::max(1.0f, scale_x);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing worth saving, and tests must not write files
  load_fonts(scale);
  apply_theme(options.theme, scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  std::vector<PendingCapture> captures;
  set_export_directory(options.export_dir);
  set_png_capture_handler([&](ImVec2 min, ImVec2 max, const std::filesystem::path& file) {
    captures.push_back({min, max, file});
  });

  int exit_code = 0;
  {
    MainWindowOptions mw;
    mw.device_uri = options.device_uri;
    mw.start = options.start;
    mw.record_file = options.record_file;
    mw.view = options.view;
    mw.person = options.person;
    mw.protocol = options.protocol;
    mw.theme = options.theme;
    mw.scale = scale;
    MainWindow main_window(mw);
    for (const auto& f : options.files) main_window.open(f);

    const bool headless = !options.screenshot.empty() || options.bench_frames > 0;
    const auto started = std::chrono::steady_clock::now();
    std::vector<double> build_ms, build_wall_ms;
    int counted_frames = 0;
    constexpr double kFramePeriod = 1.0 / 60.0;  // Xvfb ignores vsync: cap the rate ourselves
    auto frame_start = std::chrono::steady_clock::now();
    while (!glfwWindowShouldClose(window) && !main_window.quit_requested() &&
           !(options.interrupted && options.interrupted())) {
      if (options.bench_frames > 0) {
        glfwPollEvents();
      } else {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - frame_start).count();
        if (elapsed < kFramePeriod) glfwWaitEventsTimeout(kFramePeriod - elapsed);
        else glfwPollEvents();
      }
      frame_start = std::chrono::steady_clock::now();
      for (const auto& f : g_dropped) main_window.open(f);
      g_dropped.clear();

      const auto t0 = std::chrono::steady_clock::now();
      const double cpu0 = thread_cpu_ms();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // A screenshot shows the views, not a tooltip under Xvfb's pointer (which sits
      // mid-screen).
      if (!options.screenshot.empty()) io.MousePos = {-FLT_MAX, -FLT_MAX};
      ImGui::NewFrame();
      frame_text_boxes().clear();
      main_window.draw();
      ImGui::Render();
      const double frame_cpu_ms = thread_cpu_ms() - cpu0;
      const double frame_wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

      int fb_w = 0, fb_h = 0;
      glfwGetFramebufferSize(window, &fb_w, &fb_h);
      glViewport(0, 0, fb_w, fb_h);
      const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
      glClearColor(bg.x, bg.y, bg.z, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      const ImVec2 fb_scale = io.DisplayFramebufferScale;
      for (const auto& c : captures) {
        try {
          write_framebuffer_png(c.file, static_cast<int>(c.min.x * fb_scale.x), static_cast<int>(c.min.y * fb_scale.y),
                                static_cast<int>((c.max.x - c.min.x) * fb_scale.x),
                                static_cast<int>((c.max.y - c.min.y) * fb_scale.y), fb_h);
          set_export_status("wrote " + c.file.string());
        } catch (const std::exception& e) {
          set_export_status(e.what());
        }
      }
      captures.clear();

      // Headless runs count frames once loading and connecting are done, so the
      // picture or the timing shows the data, not a progress bar.
      const double since_start = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (headless && (!main_window.busy() || since_start > 60)) {
        ++counted_frames;
        if (options.bench_frames > 0 && counted_frames > 10) {  // skip warm-up
          build_ms.push_back(frame_cpu_ms);
          build_wall_ms.push_back(frame_wall_ms);
        }
        if (!options.screenshot.empty() && counted_frames >= options.frames) {
          write_framebuffer_png(options.screenshot, 0, 0, fb_w, fb_h, fb_h);
          std::printf("isokin gui: wrote %s (%dx%d)\n", options.screenshot.c_str(), fb_w, fb_h);
          if (!options.layout.empty()) write_text_layout(options.layout, frame_text_boxes());
          if (options.bench_frames <= 0) break;
        }
        if (options.bench_frames > 0 && static_cast<int>(build_ms.size()) >= options.bench_frames) {
          std::printf("isokin gui: CPU time to build a frame: %s\n", to_string(frame_stats(build_ms)).c_str());
          std::printf("isokin gui: wall time to build a frame: %s\n", to_string(frame_stats(build_wall_ms)).c_str());
          std::printf("isokin gui: resident memory %ld KiB\n", resident_kib());
          break;
        }
      }
      glfwSwapBuffers(window);
    }
  }
  set_png_capture_handler(nullptr);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  return exit_code;
}

}  // namespace isokin::gui
