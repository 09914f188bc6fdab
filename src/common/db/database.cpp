#include "common/db/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <boost/url.hpp>
#include <random>
#include <thread>

namespace onestack::db {
namespace {

struct Binding {
    std::string text;
    soci::indicator ind = soci::i_ok;
};

// Converts a SOCI failure into our typed errors.
[[noreturn]] void rethrow_soci(const std::exception& e, std::string_view sql) {
    std::string msg = e.what();
    if (const auto* se = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
        int code = se->result() & 0xff;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            throw RetryableError(msg);
        }
        if (code == SQLITE_CONSTRAINT) {
            throw ConstraintError(msg);
        }
    }
    if (const auto* pe = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
        std::string state = pe->sqlstate();
        if (state == "40001" || state == "40P01") {
            throw RetryableError(msg);
        }
        if (state.rfind("23", 0) == 0) {
            throw ConstraintError(msg);
        }
    }
    throw DbError(msg + " [" + std::string(sql.substr(0, 200)) + "]");
}

std::vector<Binding> to_bindings(const Params& params) {
    std::vector<Binding> out(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& v = params[i];
        if (std::holds_alternative<std::monostate>(v)) {
            out[i].ind = soci::i_null;
        } else if (const auto* s = std::get_if<std::string>(&v)) {
            out[i].text = *s;
        } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
            out[i].text = std::to_string(*n);
        } else {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(v));
            out[i].text = buf;
        }
    }
    return out;
}

Value column_value(const soci::row& row, std::size_t i) {
    if (row.get_indicator(i) == soci::i_null) {
        return std::monostate{};
    }
    switch (row.get_properties(i).get_data_type()) {
        case soci::dt_string:
        case soci::dt_xml:
        case soci::dt_blob:
            return row.get<std::string>(i);
        case soci::dt_double:
            return row.get<double>(i);
        case soci::dt_integer:
            return static_cast<std::int64_t>(row.get<int>(i));
        case soci::dt_long_long:
            return static_cast<std::int64_t>(row.get<long long>(i));
        case soci::dt_unsigned_long_long:
            return static_cast<std::int64_t>(row.get<unsigned long long>(i));
        case soci::dt_date: {
            std::tm tm = row.get<std::tm>(i);
            char buf[32];
            std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
            return std::string(buf);
        }
    }
    return std::monostate{};
}

// libpq keyword form of a postgresql:// URL (SOCI wants "host=... dbname=...").
std::string libpq_keywords(const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        throw DbError("bad database url: " + url);
    }
    std::string out;
    auto add = [&](std::string_view key, std::string value) {
        if (value.empty()) {
            return;
        }
        std::string quoted;
        for (char c : value) {
            if (c == '\\' || c == '\'') {
                quoted.push_back('\\');
            }
            quoted.push_back(c);
        }
        out += std::string(out.empty() ? "" : " ") + std::string(key) + "='" + quoted + "'";
    };
    add("host", std::string(parsed->host()));
    add("port", std::string(parsed->port()));
    add("user", std::string(parsed->user()));
    add("password", std::string(parsed->password()));
    auto path = std::string(parsed->path());
    add("dbname", path.empty() ? "" : path.substr(1));
    for (auto param : parsed->params()) {
        add(param.key, param.has_value ? std::string(param.value) : "");
    }
    return out;
}

}  // namespace

Rows Conn::query(std::string_view sql, const Params& params) {
    auto bindings = to_bindings(params);
    Rows rows;
    try {
        auto prep = (session_.prepare << sql);
        for (auto& b : bindings) {
            prep, soci::use(b.text, b.ind);
        }
        soci::rowset<soci::row> rs(prep);
        std::shared_ptr<std::vector<std::string>> names;
        for (const auto& r : rs) {
            if (!names) {
                names = std::make_shared<std::vector<std::string>>();
                for (std::size_t i = 0; i < r.size(); ++i) {
                    names->push_back(r.get_properties(i).get_name());
                }
            }
            std::vector<Value> values;
            values.reserve(r.size());
            for (std::size_t i = 0; i < r.size(); ++i) {
                values.push_back(column_value(r, i));
            }
            rows.emplace_back(names, std::move(values));
        }
    } catch (const DbError&) {
        throw;
    } catch (const std::exception& e) {
        rethrow_soci(e, sql);
    }
    return rows;
}

std::optional<Row> Conn::query_one(std::string_view sql, const Params& params) {
    auto rows = query(sql, params);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::int64_t Conn::exec(std::string_view sql, const Params& params) {
    auto bindings = to_bindings(params);
    try {
        auto prep = (session_.prepare << sql);
        for (auto& b : bindings) {
            prep, soci::use(b.text, b.ind);
        }
        soci::statement st(prep);
        st.execute(true);
        return st.get_affected_rows();
    } catch (const std::exception& e) {
        rethrow_soci(e, sql);
    }
}

std::unique_ptr<Database> Database::open(const std::string& url, DatabaseOptions options) {
    std::unique_ptr<Database> db(new Database());
    db->url_ = url;
    db->options_ = options;
    auto make_session = [dialect = &db->dialect_, options](const std::string& connect) {
        auto s = std::make_unique<soci::session>();
        if (*dialect == Dialect::Sqlite) {
            s->open(*soci::factory_sqlite3(), connect);
            *s << "PRAGMA journal_mode=WAL";
            *s << "PRAGMA synchronous=NORMAL";
            *s << "PRAGMA foreign_keys=ON";
            *s << ("PRAGMA busy_timeout=" + std::to_string(options.busy_timeout_ms));
        } else {
            s->open(*soci::factory_postgresql(), connect);
        }
        return s;
    };
    try {
        if (url.rfind("sqlite://", 0) == 0) {
            db->dialect_ = Dialect::Sqlite;
            // SQLAlchemy's form: sqlite:///relative.db, sqlite:////absolute.db.
            std::string path = url.rfind("sqlite:///", 0) == 0
                                   ? url.substr(std::string("sqlite:///").size())
                                   : url.substr(std::string("sqlite://").size());
            bool memory = path == ":memory:" || path.empty();
            if (memory) {
                path = ":memory:";
            }
            std::string connect = "db=" + path + " timeout=" +
                                  std::to_string(std::max(1, options.busy_timeout_ms / 1000));
            db->writer_ = make_session(connect);
            if (memory) {
                // One shared session: in-memory databases are per connection.
                db->idle_.push_back(db->writer_.get());
                db->pool_opened_ = db->options_.pool_size = 1;
            } else {
                db->open_session_ = [make_session, connect] { return make_session(connect); };
            }
        } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
            db->dialect_ = Dialect::Postgres;
            auto keywords = libpq_keywords(url);
            db->open_session_ = [make_session, keywords] { return make_session(keywords); };
            // One session now: a wrong URL or an unreachable server fails at start.
            db->sessions_.push_back(db->open_session_());
            db->idle_.push_back(db->sessions_.back().get());
            db->pool_opened_ = 1;
        } else {
            throw DbError("unsupported database url (sqlite:/// or postgresql://): " + url);
        }
    } catch (const DbError&) {
        throw;
    } catch (const std::exception& e) {
        throw DbError(std::string("cannot open database: ") + e.what());
    }
    return db;
}

Database::~Database() = default;

Database::Lease::Lease(Database& db) : db_(db), session_(db.acquire()) {}
Database::Lease::~Lease() {
    db_.release(session_);
}

soci::session* Database::acquire() {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return !idle_.empty() || pool_opened_ < options_.pool_size; });
    if (!idle_.empty()) {
        auto* s = idle_.back();
        idle_.pop_back();
        return s;
    }
    ++pool_opened_;
    lock.unlock();  // opening takes a while; others may release meanwhile
    std::unique_ptr<soci::session> s;
    try {
        s = open_session_();
    } catch (const std::exception& e) {
        lock.lock();
        --pool_opened_;
        pool_cv_.notify_one();  // a waiter may open one instead
        throw DbError(std::string("cannot open database: ") + e.what());
    }
    lock.lock();
    sessions_.push_back(std::move(s));
    return sessions_.back().get();
}

void Database::release(soci::session* s) {
    {
        std::lock_guard lock(pool_mu_);
        idle_.push_back(s);
    }
    pool_cv_.notify_one();
}

void Database::begin(soci::session& s, bool for_write) {
    try {
        if (dialect_ == Dialect::Sqlite) {
            s << (for_write ? "BEGIN IMMEDIATE" : "BEGIN");
        } else {
            s << "BEGIN";
        }
    } catch (const std::exception& e) {
        rethrow_soci(e, "BEGIN");
    }
}

void Database::commit(soci::session& s) {
    try {
        s << "COMMIT";
    } catch (const std::exception& e) {
        rollback(s);
        rethrow_soci(e, "COMMIT");
    }
}

void Database::rollback(soci::session& s) {
    try {
        s << "ROLLBACK";
    } catch (const std::exception& e) {
        spdlog::debug("rollback: {}", e.what());
    }
}

bool Database::is_retryable(const DbError& e) {
    return dynamic_cast<const RetryableError*>(&e) != nullptr;
}

void Database::backoff(int attempt) {
    thread_local std::minstd_rand rng{std::random_device{}()};
    int base = 2 << std::min(attempt, 8);
    std::this_thread::sleep_for(std::chrono::milliseconds(base + static_cast<int>(rng() % base)));
}

}  // namespace onestack::db
