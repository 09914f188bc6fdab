#include "common/db/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <boost/url.hpp>
#include <cctype>
#include <random>
#include <thread>
#include <unordered_map>

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

// Statements exec() has run on a SQLite session, kept prepared: the same
// few INSERT/UPDATE/DELETE statements (and BEGIN/COMMIT) run over and over,
// and sqlite3_prepare of each was a visible share of the CPU. Each session
// is used by one thread at a time (a lease, or the writer under its lock),
// so only the map of sessions needs a lock. Queries are not cached: SOCI
// describes a row's column types from the first execution.
struct CachedStatement {
    std::vector<Binding> bindings;  // bound by reference when prepared
    std::unique_ptr<soci::statement> statement;
};
using SessionStatements = std::unordered_map<std::string, std::unique_ptr<CachedStatement>>;
constexpr std::size_t kCachedPerSession = 64;  // statements built from lists are left out

std::mutex cache_mu;
std::unordered_map<const soci::session*, SessionStatements> caches;

// Only statements that return no row: a statement left on a pending row
// would stay active between calls and hold its transaction open.
bool cacheable(std::string_view sql) {
    auto upper = [](std::string_view text) {
        std::string out(text);
        for (auto& ch : out) {
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        }
        return out;
    };
    auto start = sql.find_first_not_of(" \t\n");
    if (start == std::string_view::npos) {
        return false;
    }
    auto text = upper(sql.substr(start));
    if (text.find("RETURNING") != std::string::npos) {
        return false;
    }
    for (const char* verb : {"INSERT ", "UPDATE ", "DELETE ", "REPLACE ", "BEGIN", "COMMIT"}) {
        if (text.rfind(verb, 0) == 0) {
            return true;
        }
    }
    return false;
}

// The session's prepared statement for sql (prepared now if new), or null
// when it is not kept (see cacheable) or the cache is full.
CachedStatement* cached_statement(soci::session& session, std::string_view sql,
                                  std::size_t params) {
    if (!cacheable(sql)) {
        return nullptr;
    }
    {
        std::lock_guard lock(cache_mu);
        auto& statements = caches[&session];
        auto it = statements.find(std::string(sql));
        if (it != statements.end()) {
            return it->second->bindings.size() == params ? it->second.get() : nullptr;
        }
        if (statements.size() >= kCachedPerSession) {
            return nullptr;
        }
    }
    auto entry = std::make_unique<CachedStatement>();
    entry->bindings.resize(params);
    auto prep = (session.prepare << sql);
    for (auto& b : entry->bindings) {
        prep, soci::use(b.text, b.ind);
    }
    entry->statement = std::make_unique<soci::statement>(prep);
    std::lock_guard lock(cache_mu);
    auto& slot = caches[&session][std::string(sql)];
    slot = std::move(entry);
    return slot.get();
}

// After a failure the statement's state is unknown: prepared afresh next time.
void drop_statement(soci::session& session, std::string_view sql) {
    std::unique_ptr<CachedStatement> dropped;
    std::lock_guard lock(cache_mu);
    auto s = caches.find(&session);
    if (s != caches.end()) {
        auto it = s->second.find(std::string(sql));
        if (it != s->second.end()) {
            dropped = std::move(it->second);
            s->second.erase(it);
        }
    }
}

void drop_session_statements(const soci::session* session) {
    SessionStatements dropped;
    std::lock_guard lock(cache_mu);
    auto s = caches.find(session);
    if (s != caches.end()) {
        dropped = std::move(s->second);
        caches.erase(s);
    }
}

// Prepares, binds and runs a statement without result rows once; SOCI's
// exceptions pass through.
std::int64_t exec_uncached(soci::session& session, std::string_view sql, const Params& params) {
    auto bindings = to_bindings(params);
    auto prep = (session.prepare << sql);
    for (auto& b : bindings) {
        prep, soci::use(b.text, b.ind);
    }
    soci::statement st(prep);
    st.execute(true);
    return st.get_affected_rows();
}

// Runs a statement without result rows on a SQLite session, prepared once.
std::int64_t exec_sqlite(soci::session& session, std::string_view sql, const Params& params) {
    CachedStatement* cached = nullptr;
    try {
        cached = cached_statement(session, sql, params.size());
        if (cached == nullptr) {
            return exec_uncached(session, sql, params);
        }
        auto bindings = to_bindings(params);
        for (std::size_t i = 0; i < bindings.size(); ++i) {
            cached->bindings[i] = std::move(bindings[i]);
        }
        cached->statement->execute(true);
        return cached->statement->get_affected_rows();
    } catch (const std::exception& e) {
        if (cached != nullptr) {
            drop_statement(session, sql);
        }
        rethrow_soci(e, sql);
    }
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
    if (dialect_ == Dialect::Sqlite) {
        return exec_sqlite(session_, sql, params);
    }
    try {
        return exec_uncached(session_, sql, params);
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

Database::~Database() {
    // The prepared statements go before the sessions they were prepared on.
    drop_session_statements(writer_.get());
    for (const auto& s : sessions_) {
        drop_session_statements(s.get());
    }
}

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
    if (dialect_ == Dialect::Sqlite) {
        exec_sqlite(s, for_write ? "BEGIN IMMEDIATE" : "BEGIN", {});
        return;
    }
    try {
        s << "BEGIN";
    } catch (const std::exception& e) {
        rethrow_soci(e, "BEGIN");
    }
}

void Database::commit(soci::session& s) {
    if (dialect_ == Dialect::Sqlite) {
        try {
            exec_sqlite(s, "COMMIT", {});
        } catch (const DbError&) {
            rollback(s);
            throw;
        }
        return;
    }
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
