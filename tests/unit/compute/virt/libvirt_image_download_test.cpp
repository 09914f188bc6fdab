// The agent's image downloader for the libvirt image cache: data streamed to
// the file, Glance's MD5 `checksum` enforced, inactive images refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/asio.hpp>

#include "compute/manager/image_download.hpp"

namespace onestack::compute::manager {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr const char* kData = "tiny image data\n";

// Answers GET /v2/images/{id} with `record` and GET .../file with kData, one
// request per connection.
class FakeGlance {
  public:
    explicit FakeGlance(std::string record)
        : record_(std::move(record)),
          acceptor_(ioc_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
        thread_ = std::thread([this] {
            for (;;) {
                tcp::socket s = acceptor_.accept();
                if (stopping_) {
                    return;
                }
                asio::streambuf buf;
                asio::read_until(s, buf, "\r\n\r\n");
                std::istream in(&buf);
                std::string method;
                std::string target;
                in >> method >> target;
                std::string body = target.ends_with("/file") ? kData : record_;
                std::string head =
                    "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n";
                asio::write(s, asio::buffer(head + body));
            }
        });
    }
    ~FakeGlance() {
        stopping_ = true;
        tcp::socket wake(ioc_);
        wake.connect(acceptor_.local_endpoint());
        thread_.join();
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
    }

  private:
    std::string record_;
    asio::io_context ioc_;
    tcp::acceptor acceptor_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
};

std::string md5_of_data() {
    // md5sum of kData, computed with the tool so the constant cannot drift.
    char tmpl[] = "/tmp/onestack-md5.XXXXXX";
    int fd = mkstemp(tmpl);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(write(fd, kData, std::strlen(kData)), static_cast<ssize_t>(std::strlen(kData)));
    close(fd);
    std::string cmd = std::string("md5sum ") + tmpl;
    FILE* p = popen(cmd.c_str(), "r");
    char out[64] = {};
    EXPECT_NE(fgets(out, sizeof out, p), nullptr);
    pclose(p);
    std::filesystem::remove(tmpl);
    return std::string(out, 32);
}

std::string download(const std::string& record, const std::string& dest) {
    FakeGlance glance(record);
    GlanceDownloader d(glance.url());
    RequestContext ctx;
    ctx.auth_token = "t";
    d.download(ctx, "img-1", dest);
    std::ifstream in(dest);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(LibvirtImageDownload, StreamsTheDataWhenTheChecksumMatches) {
    auto dest =
        std::filesystem::temp_directory_path() / ("onestack-dl-" + std::to_string(getpid()));
    auto md5 = md5_of_data();
    ASSERT_EQ(md5.size(), 32u);
    EXPECT_EQ(download(R"({"status": "active", "checksum": ")" + md5 + R"("})", dest.string()),
              kData);
    std::filesystem::remove(dest);
}

TEST(LibvirtImageDownload, RefusesWrongChecksumAndInactiveImages) {
    auto dest =
        std::filesystem::temp_directory_path() / ("onestack-dl-" + std::to_string(getpid()));
    try {
        download(R"({"status": "active", "checksum": "00000000000000000000000000000000"})",
                 dest.string());
        FAIL() << "a wrong checksum was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("MD5"), std::string::npos) << e.what();
    }
    EXPECT_THROW(download(R"({"status": "queued"})", dest.string()), std::runtime_error);
    std::filesystem::remove(dest);
}

}  // namespace
}  // namespace onestack::compute::manager
