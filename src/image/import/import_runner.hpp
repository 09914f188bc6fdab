#pragma once
// Runs interoperable imports in the background (glance's api_image_import
// task flow): one worker thread, jobs in order, each recorded as a task whose
// status, result and message the API shows.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace onestack::image {

class ImageService;

struct ImportJob {
    std::string task_id;
    std::string image_id;
    std::string method;               // "glance-direct" or "copy-image"
    std::vector<std::string> stores;  // target store ids
    bool all_stores_must_succeed = true;
};

class ImportRunner {
  public:
    explicit ImportRunner(ImageService& svc);
    ~ImportRunner();
    ImportRunner(const ImportRunner&) = delete;
    ImportRunner& operator=(const ImportRunner&) = delete;

    void submit(ImportJob job);
    // Blocks until every submitted job has finished (tests, shutdown).
    void drain();

  private:
    void loop();
    void run(const ImportJob& job);

    ImageService& svc_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<ImportJob> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace onestack::image
